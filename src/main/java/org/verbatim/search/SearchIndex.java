package org.verbatim.search;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.lucene.index.IndexReader;
import org.hibernate.search.backend.lucene.LuceneExtension;
import org.hibernate.search.engine.search.query.SearchScroll;
import org.hibernate.search.engine.search.query.SearchScrollResult;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.AnnotatedTypeSource;
import org.hibernate.search.mapper.pojo.standalone.cfg.StandalonePojoMapperSettings;
import org.hibernate.search.mapper.pojo.standalone.mapping.CloseableSearchMapping;
import org.hibernate.search.mapper.pojo.standalone.mapping.SearchMapping;
import org.hibernate.search.mapper.pojo.standalone.mapping.SearchMappingBuilder;
import org.hibernate.search.mapper.pojo.standalone.session.SearchSession;
import org.hibernate.search.mapper.pojo.standalone.work.SearchIndexingPlan;
import org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategy;
import org.hibernate.search.util.common.SearchException;
import org.jboss.logging.Logger;

/**
 * The search index: built when the service starts, closed when it stops. It is embedded (Lucene) or remote
 * (Elasticsearch, OpenSearch), as configured; everything else is the same for both.
 */
@ApplicationScoped
public class SearchIndex {

    private static final Logger LOG = Logger.getLogger(SearchIndex.class);

    private final SearchConfig config;
    private CloseableSearchMapping mapping;
    private IndexDirectoryCheck.Result found;

    public SearchIndex(SearchConfig config) {
        this.config = config;
    }

    /** Before anything else that starts, since other start-up work (the demo data) indexes statements. */
    void start(@Observes @Priority(100) StartupEvent event) {
        if (onLocalDisk()) {
            found = check(directory(), intactFiles());
        }
        try {
            mapping = build();
        } catch (SearchException e) {
            // Instances that start together on a new remote index race to create it; the others find it made.
            if (config.backend() != SearchConfig.Backend.ELASTICSEARCH
                    || !String.valueOf(e.getMessage()).contains("resource_already_exists_exception")) {
                throw e;
            }
            LOG.info("Another instance created the search index meanwhile; checking it");
            mapping = build();
        }
    }

    /** Hibernate Search refuses to start on a damaged index: a damaged one is discarded, to be rebuilt. */
    private static IndexDirectoryCheck.Result check(Path directory, Path intactFiles) {
        long started = System.nanoTime();
        IndexDirectoryCheck.Result result = IndexDirectoryCheck.check(directory, intactFiles);
        if (result.state() == IndexDirectoryCheck.State.INTACT) {
            LOG.infof("The search index is intact: %s (checked in %d ms)", result.finding(),
                    (System.nanoTime() - started) / 1_000_000);
            if (result.readInFull() > 0) {
                IndexDirectoryCheck.record(directory, intactFiles);
            }
        } else {
            IndexDirectoryCheck.deleteRecord(intactFiles);
            if (result.state() == IndexDirectoryCheck.State.UNUSABLE) {
                LOG.warnf("The search index is unusable and is discarded: %s", result.finding());
                IndexDirectoryCheck.delete(directory);
            }
        }
        return result;
    }

    private boolean onLocalDisk() {
        return config.backend() == SearchConfig.Backend.LUCENE && "local-filesystem".equals(config.directory());
    }

    private Path directory() {
        return Path.of(config.indexDir()).resolve(StatementDocument.INDEX);
    }

    /** Beside the index, the record of its files known intact, which the next start need not read again. */
    private Path intactFiles() {
        return Path.of(config.indexDir()).resolve(StatementDocument.INDEX + ".intact");
    }

    /**
     * What the start found of the embedded index on disk, before opening it: missing, intact, or unusable (and then
     * discarded); empty for an index in memory or in a remote cluster, which are not looked at.
     */
    Optional<IndexDirectoryCheck.Result> found() {
        return Optional.ofNullable(found);
    }

    private CloseableSearchMapping build() {
        SearchMappingBuilder builder = SearchMapping.builder(AnnotatedTypeSource.empty())
                .property(StandalonePojoMapperSettings.MAPPING_CONFIGURER,
                        "class:" + SearchMappingConfigurer.class.getName())
                .property(StandalonePojoMapperSettings.MAPPING_BUILD_MISSING_DISCOVERED_JANDEX_INDEXES, false)
                .property(StandalonePojoMapperSettings.MAPPING_DISCOVER_ANNOTATED_TYPES_FROM_ROOT_MAPPING_ANNOTATIONS,
                        false)
                .property(StandalonePojoMapperSettings.SCHEMA_MANAGEMENT_STRATEGY, config.schemaManagement());
        switch (config.backend()) {
            case LUCENE -> builder
                    .property("hibernate.search.backend.type", "lucene")
                    .property("hibernate.search.backend.analysis.configurer", "class:" + SearchAnalysis.class.getName())
                    .property("hibernate.search.backend.lucene_version", "LATEST")
                    .property("hibernate.search.backend.directory.type", config.directory())
                    .property("hibernate.search.backend.directory.root", config.indexDir())
                    // Segments are merged four at a time rather than ten: an import of 1,000,000 statements left 8
                    // segments instead of 19, for ~5 % of import time, and searches take less time over fewer
                    // segments (15-25 % less over one than over 19).
                    .property("hibernate.search.backend.io.merge.factor", 4);
            case ELASTICSEARCH -> {
                builder.property("hibernate.search.backend.type", "elasticsearch")
                        .property("hibernate.search.backend.analysis.configurer",
                                "class:" + ElasticsearchAnalysis.class.getName())
                        .property("hibernate.search.backend.version_check.enabled", config.versionCheck())
                        // An export scrolls through its matches while it writes them: a client that reads slowly
                        // may leave a minute (the default) between two chunks.
                        .property("hibernate.search.backend.scroll_timeout", 600);
                config.hosts().ifPresent(hosts -> builder.property("hibernate.search.backend.uris",
                        String.join(",", hosts)));
                config.username().ifPresent(user -> builder.property("hibernate.search.backend.username", user));
                config.password().ifPresent(password -> builder.property("hibernate.search.backend.password",
                        password));
                config.version().ifPresent(version -> builder.property("hibernate.search.backend.version", version));
            }
        }
        return builder.build();
    }

    /** Closing commits the index; its files, written by this service, are then recorded as intact. */
    void stop(@Observes ShutdownEvent event) {
        if (mapping != null) {
            mapping.close();
            if (onLocalDisk()) {
                IndexDirectoryCheck.record(directory(), intactFiles());
            }
        }
    }

    /**
     * Puts the current state of these statements in the index and removes the deleted ones: committed to disk and
     * visible to searches on return.
     */
    public void apply(Collection<StatementDocument> upserts, Collection<String> deletedIds) {
        apply(upserts, deletedIds, IndexingPlanSynchronizationStrategy.sync());
    }

    /** Adds or replaces documents in bulk: visible on return, but on disk only after {@link #commit()}. */
    public void add(Collection<StatementDocument> documents) {
        apply(documents, List.of(), IndexingPlanSynchronizationStrategy.readSync());
    }

    public void commit() {
        try (SearchSession session = mapping.createSession()) {
            session.workspace(StatementDocument.class).flush();
        }
    }

    private void apply(Collection<StatementDocument> upserts, Collection<String> deletedIds,
            IndexingPlanSynchronizationStrategy strategy) {
        try (SearchSession session = mapping.createSessionWithOptions()
                .indexingPlanSynchronizationStrategy(strategy)
                .build()) {
            SearchIndexingPlan plan = session.indexingPlan();
            upserts.forEach(plan::addOrUpdate);
            deletedIds.forEach(id -> plan.purge(StatementDocument.class, id, null));
        }
    }

    public long count() {
        return query(session -> session.search(StatementDocument.class).where(f -> f.matchAll()).fetchTotalHitCount());
    }

    /** Hands the ids of everything in the index to {@code action}, a batch at a time. */
    public void forEachId(int batchSize, Consumer<List<String>> action) {
        try (SearchSession session = mapping.createSession();
                SearchScroll<String> scroll = session.search(StatementDocument.class)
                        .select(f -> f.id(String.class))
                        .where(f -> f.matchAll())
                        .scroll(batchSize)) {
            for (SearchScrollResult<String> chunk = scroll.next(); chunk.hasHits(); chunk = scroll.next()) {
                action.accept(chunk.hits());
            }
        }
    }

    /** A session that the caller closes, for work that outlives one call (a scroll). */
    SearchSession openSession() {
        return mapping.createSession();
    }

    public <T> T query(Function<SearchSession, T> work) {
        try (SearchSession session = mapping.createSession()) {
            return work.apply(session);
        }
    }

    /** Whether the index is the embedded Lucene one, which {@link #readLucene} reads directly. */
    boolean isEmbeddedLucene() {
        return config.backend() == SearchConfig.Backend.LUCENE;
    }

    /** Work on a reader of the embedded Lucene index as it is now, closed on return. */
    <T> T readLucene(ReaderWork<T> work) {
        try (IndexReader reader = mapping.scope(StatementDocument.class).extension(LuceneExtension.get())
                .openIndexReader()) {
            return work.apply(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface ReaderWork<T> {
        T apply(IndexReader reader) throws IOException;
    }
}

package org.verbatim.search;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import java.util.Collection;
import java.util.function.Function;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.AnnotatedTypeSource;
import org.hibernate.search.mapper.pojo.standalone.cfg.StandalonePojoMapperSettings;
import org.hibernate.search.mapper.pojo.standalone.mapping.CloseableSearchMapping;
import org.hibernate.search.mapper.pojo.standalone.mapping.SearchMapping;
import org.hibernate.search.mapper.pojo.standalone.session.SearchSession;
import org.hibernate.search.mapper.pojo.standalone.work.SearchIndexingPlan;
import org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategy;

/** The search index: built when the service starts, closed when it stops. */
@ApplicationScoped
public class SearchIndex {

    private final SearchConfig config;
    private CloseableSearchMapping mapping;

    public SearchIndex(SearchConfig config) {
        this.config = config;
    }

    /** Before anything else that starts, since other start-up work (the demo data) indexes statements. */
    void start(@Observes @Priority(100) StartupEvent event) {
        mapping = SearchMapping.builder(AnnotatedTypeSource.empty())
                .property(StandalonePojoMapperSettings.MAPPING_CONFIGURER,
                        "class:" + SearchMappingConfigurer.class.getName())
                .property(StandalonePojoMapperSettings.MAPPING_BUILD_MISSING_DISCOVERED_JANDEX_INDEXES, false)
                .property(StandalonePojoMapperSettings.MAPPING_DISCOVER_ANNOTATED_TYPES_FROM_ROOT_MAPPING_ANNOTATIONS,
                        false)
                .property("hibernate.search.backend.analysis.configurer", "class:" + SearchAnalysis.class.getName())
                .property("hibernate.search.backend.lucene_version", "LATEST")
                .property("hibernate.search.backend.directory.type", config.directory())
                .property("hibernate.search.backend.directory.root", config.indexDir())
                .build();
    }

    void stop(@Observes ShutdownEvent event) {
        if (mapping != null) {
            mapping.close();
        }
    }

    /**
     * Puts the current state of these statements in the index and removes the deleted ones: committed to disk and
     * visible to searches on return.
     */
    public void apply(Collection<StatementDocument> upserts, Collection<String> deletedIds) {
        apply(upserts, deletedIds, IndexingPlanSynchronizationStrategy.sync());
    }

    /** Adds documents in bulk: visible on return, but on disk only after {@link #commit()}. */
    public void add(Collection<StatementDocument> documents) {
        apply(documents, java.util.List.of(), IndexingPlanSynchronizationStrategy.readSync());
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

    public void clear() {
        try (SearchSession session = mapping.createSession()) {
            session.workspace(StatementDocument.class).purge();
            session.workspace(StatementDocument.class).refresh();
        }
    }

    public <T> T query(Function<SearchSession, T> work) {
        try (SearchSession session = mapping.createSession()) {
            return work.apply(session);
        }
    }
}

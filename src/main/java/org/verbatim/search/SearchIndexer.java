package org.verbatim.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.verbatim.common.api.Clock;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.DatabaseOutage;
import org.verbatim.common.error.DatabaseUnavailable;
import org.verbatim.event.EventChanged;
import org.verbatim.speaker.SpeakerChanged;
import org.verbatim.statement.StatementChanged;
import org.verbatim.statement.StatementReads;
import org.verbatim.statement.StatementResponse;
import org.verbatim.statement.StatementsChanged;
import org.verbatim.statement.StatementRepository;

/**
 * Keeps the index in step with the database through a transactional outbox. A change writes an outbox row in its
 * own transaction, so a rolled-back change leaves nothing to index and a committed one cannot be forgotten. After
 * each commit (and every few seconds, and at start) the outbox is drained: the statements it names are re-read
 * and their current state indexed, which makes draining idempotent and safe to repeat after a crash. A deleted
 * statement reads as gone and leaves the index; a restored one comes back. While the whole index is rebuilt, the
 * outbox is left alone, and drained once the rebuild is done.
 */
@ApplicationScoped
public class SearchIndexer {

    private static final Logger LOG = Logger.getLogger(SearchIndexer.class);
    private static final int BATCH = 500;
    private static final int REBUILD_BATCH = 2_000;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** After a failed rebuild of an index that cannot answer, the next try. */
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final EntityManager entityManager;
    private final StatementRepository statements;
    private final StatementReads reads;
    private final ObjectMapper mapper;
    private final SearchIndex index;
    private final SearchConfig config;
    private final boolean postgres;
    private final DatabaseOutage outage;
    private final ReentrantLock draining = new ReentrantLock();
    private ScheduledExecutorService poller;
    private final ExecutorService indexWriter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "search-rebuild-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "search-outbox-drain");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Set while a rebuild runs (or is due to, at start); drains leave the outbox alone meanwhile. */
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private final MeterRegistry registry;
    private volatile boolean searchable = true;
    private volatile boolean rebuildAfterStart;
    private volatile boolean stopped;
    private volatile long backlog;
    private volatile Rebuild lastRebuild;

    /**
     * Progress of the latest rebuild of the whole index: {@code total} statements to index ({@code 0} until
     * counted); {@code finishedAt} is null while it runs.
     */
    public record Rebuild(Instant startedAt, long indexed, long total, Instant finishedAt) {

        public int percent() {
            return total == 0 ? 0 : (int) Math.min(100, indexed * 100 / total);
        }
    }

    public SearchIndexer(EntityManager entityManager, StatementRepository statements, StatementReads reads,
            ObjectMapper mapper, SearchIndex index, SearchConfig config,
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind, MeterRegistry registry,
            DatabaseOutage outage) {
        this.registry = registry;
        this.entityManager = entityManager;
        this.outage = outage;
        this.statements = statements;
        this.reads = reads;
        this.mapper = mapper;
        this.index = index;
        this.config = config;
        this.postgres = dbKind.startsWith("postgres");
    }

    // --- Recording changes, inside the writer's transaction ---------------------------------------------------

    void statementChanged(@Observes StatementChanged change) {
        entityManager.createNativeQuery("insert into search_outbox (statement_id, created_at) values (?1, ?2)")
                .setParameter(1, change.statementId()).setParameter(2, Clock.now()).executeUpdate();
    }

    void statementsChanged(@Observes StatementsChanged change) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into search_outbox (statement_id, created_at) values (?, ?)")) {
                Timestamp now = Timestamp.from(Clock.now());
                for (String id : change.statementIds()) {
                    insert.setString(1, id);
                    insert.setTimestamp(2, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    void speakerChanged(@Observes SpeakerChanged change) {
        entityManager.createNativeQuery("insert into search_outbox (statement_id, created_at)"
                        + " select id, ?2 from statement where speaker_id = ?1 or on_behalf_of_id = ?1")
                .setParameter(1, change.speakerId()).setParameter(2, Clock.now()).executeUpdate();
    }

    void eventChanged(@Observes EventChanged change) {
        entityManager.createNativeQuery("insert into search_outbox (statement_id, created_at)"
                        + " select id, ?2 from statement where event_id = ?1")
                .setParameter(1, change.eventId()).setParameter(2, Clock.now()).executeUpdate();
    }

    // --- Draining, after the writer's commit ------------------------------------------------------------------

    void afterStatementCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) StatementChanged change) {
        drainQuietly();
    }

    /** Many changes at once, such as an import's: indexed in the background so that the writer goes on. */
    void afterStatementsCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) StatementsChanged change) {
        if (drainScheduled.compareAndSet(false, true)) {
            background.execute(() -> {
                drainScheduled.set(false);
                drainQuietly();
            });
        }
    }

    void afterSpeakerCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) SpeakerChanged change) {
        drainQuietly();
    }

    void afterEventCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventChanged change) {
        drainQuietly();
    }

    /**
     * After the index exists, before the demo data: catch up with what the database holds. An index that was lost
     * (missing, unusable, or empty while the database is not) refuses searches until it is rebuilt; one that is
     * merely out of step is rebuilt while it answers. Otherwise pending changes go first, so that the counts
     * compared are not merely some changes apart.
     */
    void start(@Observes @Priority(200) StartupEvent event) {
        registerMetrics();
        boolean background = config.rebuildAtStart() == SearchConfig.RebuildAtStart.BACKGROUND;
        long inDatabase = QuarkusTransaction.requiringNew().call(statements::countLive);
        String lost = lost(inDatabase);
        if (lost != null) {
            searchable = false;
            LOG.warnf("%s: rebuilding it from the database %s", lost, background
                    ? "in the background; until it is done, searches answer 503 and everything else works"
                    : "before the start completes");
            rebuildAtStart(inDatabase, background);
        } else {
            drain();
            long inIndex = index.count();
            if (inDatabase != inIndex) {
                LOG.infof("The index holds %d statements, the database %d: rebuilding the index%s", inIndex,
                        inDatabase, background ? " in the background; searches are answered meanwhile" : "");
                rebuildAtStart(inDatabase, background);
            }
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "search-outbox");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, config.pollMillis(), config.pollMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the index cannot answer searches at start, or null when it can. */
    private String lost(long inDatabase) {
        Optional<IndexDirectoryCheck.Result> found = index.found();
        if (found.isPresent() && found.get().state() == IndexDirectoryCheck.State.UNUSABLE) {
            return "The search index was unusable and has been discarded";
        }
        if (inDatabase == 0) {
            return null;
        }
        if (found.isPresent() && found.get().state() == IndexDirectoryCheck.State.MISSING) {
            return "The search index is missing (" + found.get().finding() + ") but the database holds statements";
        }
        // Also a remote index that was deleted, and has just been created anew.
        return index.count() == 0 ? "The search index is empty but the database holds statements" : null;
    }

    private void rebuildAtStart(long total, boolean background) {
        // Claimed now: changes made meanwhile stay in the outbox for the rebuild to catch up with.
        rebuilding.set(true);
        lastRebuild = new Rebuild(Instant.now(), 0, total, null);
        if (background) {
            rebuildAfterStart = true;
        } else {
            rebuildClaimed();
        }
    }

    /** A rebuild due at start begins once the rest of the start (the demo data) is done, so that it reads it too. */
    void startBackgroundRebuild(@Observes @Priority(3000) StartupEvent event) {
        if (rebuildAfterStart) {
            rebuildAfterStart = false;
            launch();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (poller != null) {
            poller.shutdownNow();
        }
        background.shutdownNow();
    }

    private void registerMetrics() {
        Gauge.builder("verbatim.search.available", this, indexer -> indexer.searchable ? 1 : 0)
                .description("1 while searches are answered, 0 while they are refused until the index is rebuilt")
                .register(registry);
        Gauge.builder("verbatim.search.rebuild.running", this, indexer -> indexer.rebuilding.get() ? 1 : 0)
                .description("1 while the index is being rebuilt from the database")
                .register(registry);
        Gauge.builder("verbatim.search.rebuild.indexed", this, indexer -> indexer.progress(Rebuild::indexed))
                .baseUnit("statements").description("Statements indexed so far by the running (or latest) rebuild")
                .register(registry);
        Gauge.builder("verbatim.search.rebuild.target", this, indexer -> indexer.progress(Rebuild::total))
                .baseUnit("statements").description("Statements the running (or latest) rebuild has to index")
                .register(registry);
        Gauge.builder("verbatim.search.outbox.pending", this, indexer -> indexer.backlog)
                .description("Changes committed to the database and not yet in the index, as counted every few"
                        + " seconds")
                .register(registry);
    }

    private long progress(ToLongFunction<Rebuild> value) {
        Rebuild rebuild = lastRebuild;
        return rebuild == null ? 0 : value.applyAsLong(rebuild);
    }

    public Optional<Rebuild> lastRebuild() {
        return Optional.ofNullable(lastRebuild);
    }

    public boolean rebuilding() {
        return rebuilding.get();
    }

    /** Whether searches are answered; not while an index that was lost at start is being rebuilt. */
    public boolean searchable() {
        return searchable;
    }

    /**
     * Refuses, with 503 and an estimate of the wait, what needs the index while it cannot answer: it was lost at
     * start and is being rebuilt.
     */
    public void requireSearchable() {
        if (searchable) {
            return;
        }
        Rebuild rebuild = lastRebuild;
        if (!rebuilding.get() || rebuild == null) {
            throw ApiException.searchUnavailable("The search index is unavailable: rebuilding it from the database"
                    + " failed and is tried again every " + RETRY.toSeconds() + " seconds. Everything that does not"
                    + " search works meanwhile.", RETRY);
        }
        throw ApiException.searchUnavailable(String.format(Locale.ROOT, "The search index is being rebuilt from"
                + " the database: %,d of %,d statements so far (%d %%). Searching works again when it is done;"
                + " everything else works meanwhile.", rebuild.indexed(), rebuild.total(), rebuild.percent()),
                remaining(rebuild, Instant.now()));
    }

    /** The time the rebuild needs still, at the pace it has kept so far; a few seconds before it has a pace. */
    static Duration remaining(Rebuild rebuild, Instant now) {
        long elapsed = Duration.between(rebuild.startedAt(), now).toMillis();
        if (rebuild.indexed() == 0 || elapsed <= 0) {
            return Duration.ofSeconds(5);
        }
        long left = Math.max(0, rebuild.total() - rebuild.indexed());
        // A second more for the commit and the changes made meanwhile.
        Duration estimate = Duration.ofMillis(elapsed * left / rebuild.indexed()).plusSeconds(1);
        return estimate.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : estimate;
    }

    public long pending() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from search_outbox").getSingleResult()).longValue());
    }

    /** Starts a rebuild in the background, unless one is running; answers whether it started one. */
    public boolean startRebuild() {
        if (!rebuilding.compareAndSet(false, true)) {
            return false;
        }
        // Shown at once, even while the rebuild waits for a drain to finish.
        lastRebuild = new Rebuild(Instant.now(), 0, 0, null);
        launch();
        return true;
    }

    /** Rebuilds on this thread, once a rebuild running elsewhere has finished. */
    public void rebuild() {
        while (!rebuilding.compareAndSet(false, true)) {
            pause(50);
        }
        lastRebuild = new Rebuild(Instant.now(), 0, 0, null);
        rebuildClaimed();
    }

    private void launch() {
        Thread thread = new Thread(() -> {
            try {
                rebuildClaimed();
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                if (searchable) {
                    LOG.error("Rebuilding the search index failed; it answers as it did before", e);
                } else {
                    LOG.errorf(e, "Rebuilding the search index failed; searches answer 503 until it is rebuilt."
                            + " Trying again in %d seconds", RETRY.toSeconds());
                    poller.schedule(this::startRebuild, RETRY.toSeconds(), TimeUnit.SECONDS);
                }
            }
        }, "search-rebuild");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs the rebuild this thread has claimed; then drains what was written meanwhile (drains leave the outbox
     * alone while a rebuild runs) and only then answers searches again, so that they find those changes too.
     */
    private void rebuildClaimed() {
        try {
            rebuildIndex();
        } finally {
            rebuilding.set(false);
        }
        drainQuietly();
        searchable = true;
        // Shown as finished only now: a change made after this is indexed when its request returns.
        Rebuild done = lastRebuild;
        lastRebuild = new Rebuild(done.startedAt(), done.indexed(), done.total(), Instant.now());
    }

    /**
     * Makes the index hold what the database holds: every statement that is not deleted is indexed again, then what
     * the database no longer has (or has deleted) is removed. An index that answered searches before keeps
     * answering throughout, for this instance and any other that shares it.
     * <p>
     * No drain runs meanwhile: one could index a change that the rebuild, having read the statement before it, then
     * overwrites with the older state. The outbox keeps those changes, and they are drained after the rebuild.
     */
    private void rebuildIndex() {
        // A drain that is running now finishes first.
        draining.lock();
        draining.unlock();
        Instant started = lastRebuild.startedAt();
        long total = QuarkusTransaction.requiringNew().call(statements::countLive);
        lastRebuild = new Rebuild(started, 0, total, null);
        LOG.infof("Rebuilding the search index from the database: %d statements", total);
        boolean wasEmpty = index.count() == 0;
        String after = "";
        long done = 0;
        Instant logged = Instant.EPOCH;
        CompletableFuture<Void> indexing = CompletableFuture.completedFuture(null);
        while (true) {
            String from = after;
            List<StatementDocument> batch = documents(QuarkusTransaction.requiringNew().call(() -> reads.liveAfter(from,
                    REBUILD_BATCH)));
            if (batch.isEmpty()) {
                break;
            }
            // One commit at the end: a rebuild cut short leaves the index as it was before.
            // Index this batch while the next one is read from the database.
            await(indexing);
            indexing = CompletableFuture.runAsync(() -> index.add(batch), indexWriter);
            done += batch.size();
            Rebuild progress = new Rebuild(started, done, total, null);
            lastRebuild = progress;
            after = batch.get(batch.size() - 1).id;
            if (Duration.between(logged, Instant.now()).compareTo(PROGRESS_EVERY) >= 0) {
                logged = Instant.now();
                LOG.infof("Rebuilding the search index: %d of %d statements (%d %%)", done, total,
                        progress.percent());
            }
            holdWhileFileExists();
        }
        await(indexing);
        index.commit();
        // What was indexed before and is no longer in the database. Nothing to look for in an index that was empty,
        // nor in an embedded one that holds no more than was just indexed: only this instance writes to it, and
        // each document indexed replaced its earlier version.
        List<String> gone = new ArrayList<>();
        if (!wasEmpty && (!index.isEmbeddedLucene() || index.count() > done)) {
            index.forEachId(REBUILD_BATCH, ids -> gone.addAll(missingFromDatabase(ids)));
            for (int i = 0; i < gone.size(); i += BATCH) {
                index.apply(List.of(), gone.subList(i, Math.min(i + BATCH, gone.size())));
            }
        }
        LOG.infof("Rebuilt the search index: %d statements (100 %%) in %.1f s, %d removed", done,
                Duration.between(started, Instant.now()).toMillis() / 1000.0, gone.size());
    }

    /** For fault drills: the rebuild waits while the configured file exists. */
    private void holdWhileFileExists() {
        Optional<Path> hold = config.rebuildHoldFile();
        if (hold.isEmpty() || !Files.exists(hold.get())) {
            return;
        }
        LOG.infof("The rebuild waits while %s exists", hold.get());
        while (Files.exists(hold.get())) {
            if (stopped) {
                throw new IllegalStateException("The service is stopping");
            }
            pause(100);
        }
        LOG.info("The rebuild goes on");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }

    private static void await(CompletableFuture<Void> indexing) {
        try {
            indexing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> missingFromDatabase(List<String> ids) {
        // Deleted ones are left out here rather than in the query: given "deleted_at is null" as well, H2 reads
        // every live statement through the index on deleted_at instead of fetching these ids by primary key.
        Set<String> present = new HashSet<>();
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select id, deleted_at from statement where id in (?1)")
                .setParameter(1, ids).getResultList());
        for (Object[] row : rows) {
            if (row[1] == null) {
                present.add((String) row[0]);
            }
        }
        return ids.stream().filter(id -> !present.contains(id)).toList();
    }

    /**
     * Indexes everything the outbox names, batch by batch, until it is empty; nothing while a rebuild runs, which
     * drains when it is done.
     */
    public void drain() {
        draining.lock();
        try {
            if (rebuilding.get()) {
                return;
            }
            while (QuarkusTransaction.requiringNew().call(this::drainBatch) == BATCH) {
                // a full batch: there may be more
            }
        } finally {
            draining.unlock();
        }
    }

    /** Every few seconds: what the commits' own drains missed, and the size of the outbox for the metrics. */
    private void poll() {
        drainQuietly();
        try {
            backlog = pending();
        } catch (RuntimeException e) {
            LOG.debug("Counting pending changes failed", e);
        }
    }

    void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.isCause(e)) {
                // Logged once per outage; the poller drains the outbox when the database is back.
                outage.failed(e);
            } else {
                LOG.warn("Indexing pending changes failed; will retry", e);
            }
        }
    }

    /** The documents of these statements, each holding the statement as the API shows it. */
    private List<StatementDocument> documents(Collection<StatementResponse> statements) {
        List<StatementDocument> documents = new ArrayList<>(statements.size());
        for (StatementResponse statement : statements) {
            try {
                documents.add(StatementDocument.of(statement, mapper.writeValueAsString(statement)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A statement could not be written as JSON: " + statement.id(), e);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private int drainBatch() {
        // Several instances may drain one database: each takes rows nobody else holds.
        List<Object[]> outbox = entityManager.createNativeQuery("select id, statement_id from search_outbox"
                + " order by id fetch first " + BATCH + " rows only for update" + (postgres ? " skip locked" : ""))
                .getResultList();
        if (outbox.isEmpty()) {
            return 0;
        }
        List<Long> rowIds = new ArrayList<>();
        Set<String> statementIds = new LinkedHashSet<>();
        for (Object[] row : outbox) {
            rowIds.add(((Number) row[0]).longValue());
            statementIds.add((String) row[1]);
        }
        Map<String, StatementResponse> current = reads.mapByIds(statementIds);
        List<StatementDocument> upserts = documents(current.values());
        List<String> deleted = statementIds.stream().filter(id -> !current.containsKey(id)).toList();
        index.apply(upserts, deleted);
        entityManager.createNativeQuery("delete from search_outbox where id in (?1)")
                .setParameter(1, rowIds).executeUpdate();
        return outbox.size();
    }
}

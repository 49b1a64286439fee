package org.verbatim.search;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.verbatim.common.api.Clock;
import org.verbatim.common.error.DatabaseOutage;
import org.verbatim.common.error.DatabaseUnavailable;
import org.verbatim.event.EventChanged;
import org.verbatim.speaker.SpeakerChanged;
import org.verbatim.statement.Statement;
import org.verbatim.statement.StatementChanged;
import org.verbatim.statement.StatementsChanged;
import org.verbatim.statement.StatementFilter;
import org.verbatim.statement.StatementRepository;

/**
 * Keeps the index in step with the database through a transactional outbox. A change writes an outbox row in its
 * own transaction, so a rolled-back change leaves nothing to index and a committed one cannot be forgotten. After
 * each commit (and every few seconds, and at start) the outbox is drained: the statements it names are re-read
 * and their current state indexed, which makes draining idempotent and safe to repeat after a crash. A deleted
 * statement reads as gone and leaves the index; a restored one comes back.
 */
@ApplicationScoped
public class SearchIndexer {

    private static final Logger LOG = Logger.getLogger(SearchIndexer.class);
    private static final int BATCH = 500;
    private static final int REBUILD_BATCH = 2_000;

    private final EntityManager entityManager;
    private final StatementRepository statements;
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
    private final AtomicBoolean rebuildStarted = new AtomicBoolean();
    private volatile Rebuild lastRebuild;

    /** Progress of the latest rebuild of the whole index; {@code finishedAt} is null while it runs. */
    public record Rebuild(Instant startedAt, long indexed, Instant finishedAt) {}

    public SearchIndexer(EntityManager entityManager, StatementRepository statements, SearchIndex index,
            SearchConfig config, @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind,
            DatabaseOutage outage) {
        this.entityManager = entityManager;
        this.outage = outage;
        this.statements = statements;
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
     * After the index exists, before the demo data: catch up with what the database holds. Pending changes go first,
     * so that the counts compared are not merely some changes apart.
     */
    void start(@Observes @Priority(200) StartupEvent event) {
        drain();
        long inDatabase = QuarkusTransaction.requiringNew().call(statements::countLive);
        long inIndex = index.count();
        if (inDatabase != inIndex) {
            LOG.infof("The index holds %d statements, the database %d: rebuilding the index", inIndex, inDatabase);
            rebuild();
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "search-outbox");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::drainQuietly, config.pollMillis(), config.pollMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
        background.shutdownNow();
    }

    public Optional<Rebuild> lastRebuild() {
        return Optional.ofNullable(lastRebuild);
    }

    public long pending() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from search_outbox").getSingleResult()).longValue());
    }

    /** Starts a rebuild in the background, unless one is running; answers whether it started one. */
    public boolean startRebuild() {
        if (!rebuildStarted.compareAndSet(false, true)) {
            return false;
        }
        // Shown at once, even while the rebuild waits for a drain to finish.
        lastRebuild = new Rebuild(Instant.now(), 0, null);
        Thread thread = new Thread(() -> {
            try {
                rebuild();
            } finally {
                rebuildStarted.set(false);
            }
        }, "search-rebuild");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /**
     * Makes the index hold what the database holds: every statement that is not deleted is indexed again, then what
     * the database no longer has (or has deleted) is removed. The index stays searchable throughout, for this
     * instance and any other that shares it.
     */
    public void rebuild() {
        draining.lock();
        try {
            Instant started = Instant.now();
            lastRebuild = new Rebuild(started, 0, null);
            boolean wasEmpty = index.count() == 0;
            String after = "";
            long done = 0;
            CompletableFuture<Void> indexing = CompletableFuture.completedFuture(null);
            while (true) {
                String from = after;
                List<StatementDocument> batch = QuarkusTransaction.requiringNew().call(() -> statements
                        .after(StatementFilter.none(), from, REBUILD_BATCH).stream()
                        .map(StatementDocument::of).toList());
                if (batch.isEmpty()) {
                    break;
                }
                // One commit at the end: a rebuild cut short leaves the index as it was before.
                // Index this batch while the next one is read from the database.
                await(indexing);
                indexing = CompletableFuture.runAsync(() -> index.add(batch), indexWriter);
                done += batch.size();
                lastRebuild = new Rebuild(started, done, null);
                after = batch.get(batch.size() - 1).id;
                if (done % 50_000 < REBUILD_BATCH) {
                    LOG.infof("Rebuilding the index: %d statements so far", done);
                }
            }
            await(indexing);
            index.commit();
            // What was indexed before and is no longer in the database; nothing to look for in an empty index.
            List<String> gone = new ArrayList<>();
            if (!wasEmpty) {
                index.forEachId(REBUILD_BATCH, ids -> gone.addAll(missingFromDatabase(ids)));
                for (int i = 0; i < gone.size(); i += BATCH) {
                    index.apply(List.of(), gone.subList(i, Math.min(i + BATCH, gone.size())));
                }
            }
            lastRebuild = new Rebuild(started, done, Instant.now());
            LOG.infof("Rebuilt the index: %d statements, %d removed", done, gone.size());
        } finally {
            draining.unlock();
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
        Set<String> present = new HashSet<>(QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select id from statement where id in (?1) and deleted_at is null", String.class)
                .setParameter(1, ids).getResultList()));
        return ids.stream().filter(id -> !present.contains(id)).toList();
    }

    /** Indexes everything the outbox names, batch by batch, until it is empty. */
    public void drain() {
        draining.lock();
        try {
            while (QuarkusTransaction.requiringNew().call(this::drainBatch) == BATCH) {
                // a full batch: there may be more
            }
        } finally {
            draining.unlock();
        }
    }

    private void drainQuietly() {
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

    @SuppressWarnings("unchecked")
    private int drainBatch() {
        // Several instances may drain one database: each takes rows nobody else holds.
        List<Object[]> rows = entityManager.createNativeQuery("select id, statement_id from search_outbox"
                + " order by id fetch first " + BATCH + " rows only for update" + (postgres ? " skip locked" : ""))
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Long> rowIds = new ArrayList<>();
        Set<String> statementIds = new LinkedHashSet<>();
        for (Object[] row : rows) {
            rowIds.add(((Number) row[0]).longValue());
            statementIds.add((String) row[1]);
        }
        Map<String, Statement> current = statements.mapByIds(statementIds);
        List<StatementDocument> upserts = current.values().stream().map(StatementDocument::of).toList();
        List<String> deleted = statementIds.stream().filter(id -> !current.containsKey(id)).toList();
        index.apply(upserts, deleted);
        entityManager.createNativeQuery("delete from search_outbox where id in (?1)")
                .setParameter(1, rowIds).executeUpdate();
        return rows.size();
    }
}

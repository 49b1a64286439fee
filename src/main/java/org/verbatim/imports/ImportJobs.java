package org.verbatim.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.verbatim.common.api.Clock;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;

/**
 * The record of each import and of its failed lines. Every write is a transaction of its own, so that progress
 * shows while the import's own transactions run (or roll back).
 *
 * <p>An import whose process dies (killed, crashed, switched off) would claim to be RUNNING for ever. So each
 * process shows that its imports are alive with a heartbeat, and imports that claim to run without one are marked
 * ABORTED: at start, and every heartbeat after.
 */
@ApplicationScoped
class ImportJobs {

    /** How often a process records that its imports are alive, and after how long without that they are not. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);
    static final String ABANDONED = "The service stopped while this import ran. The lines counted here were stored"
            + " and stay, and perhaps the batch of lines after them too; importing the same body again stores the"
            + " rest, and the lines already stored come out unchanged.";

    private static final Logger LOG = Logger.getLogger(ImportJobs.class);
    private static final String COLUMNS = "id, status, format, atomic, started_by, started_at, finished_at,"
            + " lines_read, created, merged, unchanged, failed, message";

    private final EntityManager entityManager;
    /** An embedded database is this process's alone; a shared one may list imports that other instances run. */
    private final boolean embedded;
    /** The imports this process runs. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private ScheduledExecutorService heartbeat;

    ImportJobs(EntityManager entityManager, @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.entityManager = entityManager;
        this.embedded = "h2".equals(dbKind);
    }

    void onStart(@Observes StartupEvent event) {
        // Whatever an embedded database lists as running was left by a process that died: no need to wait.
        abortAbandoned(embedded ? null : Clock.now().minus(ABANDONED_AFTER));
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "import-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }

    /** Records that this process's imports are alive, and aborts those of processes that are not. */
    void beat() {
        try {
            Instant now = Clock.now();
            List<String> mine = List.copyOf(running);
            if (!mine.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                                "update import_job set heartbeat_at = ?1 where id in (?2) and status = 'RUNNING'")
                        .setParameter(1, Timestamp.from(now)).setParameter(2, mine).executeUpdate());
            }
            abortAbandoned(now.minus(ABANDONED_AFTER));
        } catch (RuntimeException e) {
            LOG.warn("Could not record that the running imports are alive; will retry", e);
        }
    }

    /**
     * Marks ABORTED the imports that claim to be running but are not run by this process and, unless
     * {@code silentSince} is null, have shown no heartbeat since then. Answers how many.
     */
    int abortAbandoned(Instant silentSince) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select id, lines_read, heartbeat_at"
                    + " from import_job where status = 'RUNNING'").getResultList();
            int aborted = 0;
            for (Object[] row : rows) {
                String id = (String) row[0];
                Instant beat = instant(row[2]);
                if (running.contains(id) || silentSince != null && beat != null && !beat.isBefore(silentSince)) {
                    continue;
                }
                aborted += entityManager.createNativeQuery("update import_job set status = 'ABORTED',"
                                + " finished_at = ?2, message = ?3 where id = ?1 and status = 'RUNNING'")
                        .setParameter(1, id).setParameter(2, Timestamp.from(Clock.now()))
                        .setParameter(3, ABANDONED).executeUpdate();
                LOG.warnf("Import %s was left running by a process that stopped after line %d: marked ABORTED", id,
                        number(row[1]));
            }
            return aborted;
        });
    }

    void start(ImportReport job) {
        running.add(job.id());
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into import_job ("
                        + COLUMNS + ", heartbeat_at) values (?1, ?2, ?3, ?4, ?5, ?6, null, 0, 0, 0, 0, 0, null, ?6)")
                .setParameter(1, job.id()).setParameter(2, job.status().name()).setParameter(3, job.format())
                .setParameter(4, job.atomic()).setParameter(5, job.startedBy())
                .setParameter(6, Timestamp.from(job.startedAt()))
                .executeUpdate());
    }

    /** Records the counts so far and the failures of the lines since the last call. */
    void progress(ImportReport job, List<ImportReport.LineFailure> newFailures, int alreadyListed) {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("update import_job set status = ?2, finished_at = ?3, lines_read = ?4,"
                            + " created = ?5, merged = ?6, unchanged = ?7, failed = ?8, message = ?9,"
                            + " heartbeat_at = ?10 where id = ?1")
                    .setParameter(1, job.id()).setParameter(2, job.status().name())
                    .setParameter(3, job.finishedAt() == null ? null : Timestamp.from(job.finishedAt()))
                    .setParameter(4, job.lines()).setParameter(5, job.created()).setParameter(6, job.merged())
                    .setParameter(7, job.unchanged()).setParameter(8, job.failed()).setParameter(9, job.message())
                    .setParameter(10, Timestamp.from(Clock.now()))
                    .executeUpdate();
            int seq = alreadyListed;
            for (ImportReport.LineFailure failure : newFailures) {
                entityManager.createNativeQuery("insert into import_failure (import_id, seq, line, type, field,"
                                + " message) values (?1, ?2, ?3, ?4, ?5, ?6)")
                        .setParameter(1, job.id()).setParameter(2, seq++).setParameter(3, failure.line())
                        .setParameter(4, failure.type()).setParameter(5, storable(failure.field(), 500))
                        .setParameter(6, storable(failure.message(), 2_000)).executeUpdate();
            }
        });
    }

    /** Whether the service is stopping: what fails now fails for that reason, not for what an import sent. */
    boolean stopping() {
        return stopping;
    }

    /** The import no longer runs in this process, however it ended: no more heartbeats for it. */
    void ended(String id) {
        running.remove(id);
    }

    Optional<ImportReport> find(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select " + COLUMNS + " from import_job where id = ?1")
                    .setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> failures = entityManager.createNativeQuery("select line, type, field, message"
                            + " from import_failure where import_id = ?1 order by seq")
                    .setParameter(1, id).getResultList();
            return Optional.of(report(rows.get(0)).withFailures(failures.stream()
                    .map(f -> new ImportReport.LineFailure(((Number) f[0]).longValue(), (String) f[1],
                            (String) f[2], (String) f[3]))
                    .toList()));
        });
    }

    /** Newest first. */
    Page<ImportReport> list(PageRequest page) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select " + COLUMNS + " from import_job"
                            + " order by started_at desc, id desc")
                    .setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
            long total = ((Number) entityManager.createNativeQuery("select count(*) from import_job")
                    .getSingleResult()).longValue();
            return new Page<>(rows.stream().map(ImportJobs::report).toList(), page.page(), page.size(), total);
        });
    }

    private static ImportReport report(Object[] row) {
        return new ImportReport((String) row[0], ImportStatus.valueOf((String) row[1]), (String) row[2],
                (Boolean) row[3], (String) row[4], instant(row[5]), instant(row[6]), number(row[7]), number(row[8]),
                number(row[9]), number(row[10]), number(row[11]), (String) row[12], null);
    }

    /** Shortened, and with any NUL replaced: a reason may quote a value that holds one, which PostgreSQL refuses. */
    static String storable(String text, int max) {
        return shortened(text == null ? null : text.replace('\u0000', '\uFFFD'), max);
    }

    /** At most {@code max} characters: a reason may quote a huge value, and the column has a size. */
    static String shortened(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}

package org.verbatim.common.error;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps the log readable while the database is away: the first failure of an outage is logged once, with its cause,
 * the others are only counted, and a probe notes when the database answers again. Requests and background work
 * report here the failures {@link DatabaseUnavailable} recognises.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** What a refused client is told to wait before it tries again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    private static final long PROBE_MILLIS = 2_000;

    private final DataSource dataSource;
    private final AtomicReference<Instant> since = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "database-probe");
        thread.setDaemon(true);
        return thread;
    });

    public DatabaseOutage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A failure because the database could not be reached. */
    public void failed(Throwable failure) {
        failures.incrementAndGet();
        if (since.compareAndSet(null, Instant.now())) {
            LOG.warnf("The database cannot be reached (%s): requests that need it are answered with 503 and"
                    + " background work waits, retrying quietly, until it is back", reason(failure));
            probeLater();
        } else {
            LOG.debugf("The database is still unreachable: %s", reason(failure));
        }
    }

    private void probeLater() {
        try {
            prober.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // nothing left to watch
        }
    }

    private void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                Instant start = since.getAndSet(null);
                LOG.infof("The database answers again, after %d s and %d failed attempts",
                        Duration.between(start, Instant.now()).toSeconds(), failures.getAndSet(0));
                return;
            }
        } catch (SQLException | RuntimeException stillAway) {
            // probed again below
        }
        probeLater();
    }

    void stop(@Observes ShutdownEvent event) {
        prober.shutdownNow();
    }

    /** The message of the innermost database exception: what the driver or the pool said. */
    static String reason(Throwable failure) {
        Throwable reason = failure;
        Throwable t = failure;
        for (int i = 0; t != null && i < 50; i++, t = t.getCause()) {
            if (t instanceof SQLException) {
                reason = t;
            }
        }
        return reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    }
}

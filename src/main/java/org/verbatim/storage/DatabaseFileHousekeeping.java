package org.verbatim.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.jboss.logging.Logger;

/**
 * Keeps the embedded database file from growing without bound. The database writes each commit to the file before
 * the commit returns ({@code WRITE_DELAY=0}, so that no acknowledged write is lost), and that setting also stops
 * H2's background writer, the thread that rewrites partly-dead chunks of the file so that their space can be used
 * again: without it the file grows with every commit and never stops (h2database issue 442; a ten-minute mixed
 * load took it from 246 MiB to 1 GiB). This does the same work, on a schedule, through the calls H2's own writer
 * makes. Freed space stays reserved for H2's retention time (45 s) before it is reused, so the file settles at
 * about twice its data plus what was written in the last 45 s.
 */
@ApplicationScoped
public class DatabaseFileHousekeeping {

    private static final Logger LOG = Logger.getLogger(DatabaseFileHousekeeping.class);
    /**
     * Rewrites only while under half of the chunks' space is live data, so the file stays within about twice its
     * data (plus the retention). Aiming higher, as H2's writer does at 90 %, never got there after a large import
     * (rewritten chunks stay reserved for the retention time) and took a third of the throughput of reads.
     */
    private static final int TARGET_FILL_RATE = 50;
    /** At least this much is rewritten per round (whole chunks), as H2's writer does when idle. */
    private static final int WRITE_LIMIT = 16 << 20;
    /** At most this much is moved towards the start of the file per round, as H2's writer does when busy. */
    private static final long MOVE_LIMIT = 40 << 20;

    /** How long shutting down waits for a round: one writes WRITE_LIMIT and MOVE_LIMIT, well under a second. */
    private static final Duration ROUND_AT_MOST = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final boolean embeddedFile;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile MVStore store;

    DatabaseFileHousekeeping(DataSource dataSource, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "verbatim.h2.housekeeping-interval") Duration interval) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.embeddedFile = dbKind.equals("h2") && !url.startsWith("jdbc:h2:mem:");
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        if (!embeddedFile) {
            return;
        }
        Gauge.builder("verbatim.database.file", this, h -> h.store == null ? Double.NaN : fileSize(h.store))
                .description("Size of the embedded database file").baseUnit("bytes").register(registry);
        Gauge.builder("verbatim.database.file.fill", this, h -> h.store == null ? Double.NaN : fillRate(h.store))
                .description("Share of the embedded database file's chunks that holds live data")
                .baseUnit("percent").register(registry);
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "database-file-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Lets a round that has begun finish before the database closes, without interrupting it: an interrupt during a
     * file read closes H2's file channel under the whole database, which then fails to close cleanly ("Reading from
     * file … failed" in its trace file, seen when a large import ended with a shutdown).
     */
    void stop(@Observes ShutdownEvent event) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(ROUND_AT_MOST.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warnf("Database file housekeeping still running after %s; closing the database anyway",
                        ROUND_AT_MOST);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round; never throws, so that the schedule goes on (an outage or a closing database skips a round). */
    void run() {
        try {
            MVStore current = store();
            if (current.isClosed()) {
                store = null;
                return;
            }
            compact(current);
        } catch (RuntimeException | SQLException e) {
            store = null;
            LOG.debugf(e, "Database file housekeeping skipped a round");
        }
    }

    /**
     * Rewrites the live data of chunks that are mostly dead, so that those chunks can be freed and reused; and while
     * less than half of the file is in use, moves chunks from its end into the free space nearer its start, so that
     * the file shrinks. Without the moves, freed space was reused but the file never shrank: after an import of 267,540
     * statements (8.5 GB at its largest) it was still 5.3 GB, of which 17 % in use, for as long as the service ran.
     */
    static void compact(MVStore store) {
        if (store.compact(TARGET_FILL_RATE, WRITE_LIMIT)) {
            // The rewritten pages are written by the next commit; while nothing else is written, by this one.
            store.tryCommit();
        }
        if (store.getFileStore() instanceof RandomAccessStore file && file.getFillRate() < TARGET_FILL_RATE) {
            // A target fill rate over 100 moves whatever the file's fill rate, as H2's own writer asks.
            file.compactMoveChunks(101, MOVE_LIMIT, store);
        }
    }

    /** The store behind the pool's connections: H2 keeps one per open database. */
    private MVStore store() throws SQLException {
        MVStore known = store;
        if (known != null) {
            return known;
        }
        try (Connection connection = dataSource.getConnection()) {
            known = storeOf(connection);
        }
        store = known;
        return known;
    }

    static MVStore storeOf(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    private static double fileSize(MVStore store) {
        return store.isClosed() ? Double.NaN : store.getFileStore().size();
    }

    private static double fillRate(MVStore store) {
        return store.isClosed() ? Double.NaN : store.getFileStore().getChunksFillRate();
    }
}

package org.verbatim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded file under the service's settings (each commit written at once), with a steady amount of data that
 * batches of writes keep changing: without housekeeping the file grows with every batch; with it, it stays a
 * fraction of that, a file that grew meanwhile shrinks back, and nothing written is lost.
 */
class DatabaseFileHousekeepingTest {

    private static final int ROWS = 5_000;
    private static final int BATCHES = 100;
    private static final int ROWS_PER_BATCH = 200;

    @TempDir
    Path directory;

    @Test
    void housekeepingKeepsTheFileSmallAndTheDataWhole() throws Exception {
        long without = write(directory.resolve("without"), false);
        long with = write(directory.resolve("with"), true);
        assertTrue(with * 3 < without, "with housekeeping " + with + " bytes, without " + without + " bytes");
        // The same writes either way: the same data, read again from the files after they were closed.
        assertEquals(digest(directory.resolve("without")), digest(directory.resolve("with")));
    }

    /**
     * A file grown while nothing kept it (as during a large import, when freed space waits out H2's retention
     * time before it is reused) shrinks once housekeeping runs: rewriting alone frees space inside the file but
     * leaves its end where it was.
     */
    @Test
    void housekeepingShrinksAFileThatGrewMeanwhile() throws Exception {
        Path grown = directory.resolve("grown");
        long before;
        long after;
        try (Connection connection = open(grown)) {
            update(connection, () -> {});
            before = Files.size(grown.resolve("db.mv.db"));
            MVStore store = DatabaseFileHousekeeping.storeOf(connection);
            for (int round = 0; round < 20; round++) {
                DatabaseFileHousekeeping.compact(store);
            }
            after = Files.size(grown.resolve("db.mv.db"));
        }
        assertTrue(after * 3 < before, "grown to " + before + " bytes, " + after + " after housekeeping");
        write(directory.resolve("reference"), false);
        assertEquals(digest(directory.resolve("reference")), digest(grown));
    }

    /** The file's size after the same updates, with or without housekeeping after each commit. */
    private static long write(Path dir, boolean housekeeping) throws Exception {
        try (Connection connection = open(dir)) {
            MVStore store = DatabaseFileHousekeeping.storeOf(connection);
            update(connection, () -> {
                if (housekeeping) {
                    DatabaseFileHousekeeping.compact(store);
                }
            });
            return Files.size(dir.resolve("db.mv.db"));
        }
    }

    /** Two indexes besides the key, as statements have: each commit touches pages all over the file. */
    private static Connection open(Path dir) throws Exception {
        Files.createDirectories(dir);
        Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.toAbsolutePath() + "/db;WRITE_DELAY=0", "sa", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table t(id int primary key, speaker int, text varchar(1000), n int)");
            statement.execute("create index t_speaker on t(speaker)");
            statement.execute("create index t_n on t(n)");
            statement.execute("insert into t select x, x % 500, repeat('w', 300), x from system_range(1, "
                    + ROWS + ")");
            // No wait before dead space is reused (H2 keeps it 45 s by default), so that a short test shows
            // the steady state.
            statement.execute("set retention_time 0");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /** The same batches of updates each time (seeded), {@code afterEachCommit} run after each batch's commit. */
    private static void update(Connection connection, Runnable afterEachCommit) throws Exception {
        Random random = new Random(11);
        try (PreparedStatement update = connection.prepareStatement(
                "update t set speaker = ?, text = ?, n = ? where id = ?")) {
            for (int batch = 0; batch < BATCHES; batch++) {
                for (int row = 0; row < ROWS_PER_BATCH; row++) {
                    update.setInt(1, random.nextInt(500));
                    update.setString(2, "w".repeat(50 + random.nextInt(500)));
                    update.setInt(3, random.nextInt());
                    update.setInt(4, 1 + random.nextInt(ROWS));
                    update.addBatch();
                }
                update.executeBatch();
                connection.commit();
                afterEachCommit.run();
            }
        }
    }

    private static String digest(Path dir) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath() + "/db",
                "sa", "");
                ResultSet digest = connection.createStatement().executeQuery(
                        "select count(*), sum(speaker), sum(cast(n as bigint)), sum(length(text)) from t")) {
            digest.next();
            assertEquals(ROWS, digest.getInt(1));
            return digest.getString(1) + "/" + digest.getString(2) + "/" + digest.getString(3) + "/"
                    + digest.getString(4);
        }
    }
}

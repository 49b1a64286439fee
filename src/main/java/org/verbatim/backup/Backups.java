package org.verbatim.backup;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;

/**
 * Online backups of the embedded H2 database. The running service holds the database file open, so it makes the
 * copy itself, with H2's {@code BACKUP TO}: a zip of the database file, consistent (H2 copies the committed state
 * while writes go on). Backups are written to {@code <data dir>/backups}, under a name that gives their UTC start
 * time; a backup appears there only once it is complete. A PostgreSQL database is backed up with pg_dump instead.
 */
@ApplicationScoped
public class Backups {

    private static final Logger LOG = Logger.getLogger(Backups.class);
    private static final Pattern NAME = Pattern.compile("verbatim-(\\d{8}T\\d{6}Z)(?:-\\d{1,4})?\\.zip");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final Path directory;
    private final boolean h2;
    private final boolean inMemory;
    private final ReentrantLock making = new ReentrantLock();

    Backups(DataSource dataSource, @ConfigProperty(name = "verbatim.data-dir") String dataDir,
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        this.dataSource = dataSource;
        this.directory = Path.of(dataDir).toAbsolutePath().normalize().resolve("backups");
        this.h2 = dbKind.equals("h2");
        this.inMemory = url.startsWith("jdbc:h2:mem:");
    }

    /** Makes a backup now, while the service goes on serving reads and writes. One at a time. */
    public Backup create() {
        requireEmbeddedFile();
        making.lock();
        try {
            Files.createDirectories(directory);
            String stamp = STAMP.format(Instant.now());
            String name = "verbatim-" + stamp + ".zip";
            for (int n = 2; Files.exists(directory.resolve(name)); n++) {
                name = "verbatim-" + stamp + "-" + n + ".zip";
            }
            Path target = directory.resolve(name);
            Path partial = directory.resolve(name + ".part");
            long started = System.nanoTime();
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                // The path is ours (the data directory and a generated name); BACKUP takes no parameter.
                statement.execute("BACKUP TO '" + partial.toString().replace("'", "''") + "'");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Backup backup = describe(target).orElseThrow();
            LOG.infof("Backed up the database to %s: %d bytes in %d ms", target, backup.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return backup;
        } catch (SQLException e) {
            throw new IllegalStateException("The backup failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            making.unlock();
        }
    }

    /** The backups, newest first; none where the service makes none (PostgreSQL, a database in memory). */
    public List<Backup> list() {
        if (!h2 || inMemory || !Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(this::describe).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Backup::createdAt).thenComparing(Backup::name).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file of the backup with this name. */
    public Path file(String name) {
        requireEmbeddedFile();
        Path file = NAME.matcher(name).matches() ? directory.resolve(name) : null;
        if (file == null || !Files.isRegularFile(file)) {
            throw ApiException.notFound("backup", name);
        }
        return file;
    }

    private Optional<Backup> describe(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Instant created = STAMP.parse(name.group(1), Instant::from).truncatedTo(ChronoUnit.SECONDS);
            return Optional.of(new Backup(file.getFileName().toString(), Files.size(file), created));
        } catch (IOException e) {
            return Optional.empty(); // removed meanwhile
        }
    }

    private void requireEmbeddedFile() {
        if (!h2) {
            throw new ApiException(ProblemType.CONFLICT, "This service keeps its data in PostgreSQL, which backs"
                    + " itself up: use pg_dump (pg_dump -Fc, while the service runs) and pg_restore.");
        }
        if (inMemory) {
            throw new ApiException(ProblemType.CONFLICT, "The database is held in memory only: there is no file"
                    + " to back up.");
        }
    }
}

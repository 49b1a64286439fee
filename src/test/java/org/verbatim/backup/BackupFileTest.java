package org.verbatim.backup;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** An online backup of an H2 database file holds exactly what was stored when it was made. */
@QuarkusTest
@TestProfile(BackupFileTest.FileDatabase.class)
@EnabledIfSystemProperty(named = "quarkus.datasource.db-kind", matches = "h2")
class BackupFileTest {

    static final Path DATA = Path.of("target", "backup-test-" + ProcessHandle.current().pid()).toAbsolutePath();

    public static class FileDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verbatim.data-dir", DATA.toString(),
                    "quarkus.datasource.jdbc.url", "jdbc:h2:file:" + DATA + "/verbatim;DB_CLOSE_ON_EXIT=FALSE");
        }
    }

    @BeforeEach
    void log() {
        logFailures();
    }

    @Test
    void aBackupHoldsTheStatementsStoredWhenItWasMade() throws Exception {
        String speaker = createPerson();
        String event = createEvent();
        createStatement(speaker, event, "2025-06-24");
        createStatement(speaker, event, "2025-06-25");
        Map<String, String> before = exported();

        Response created = asAdmin().post(BackupResourceTest.BACKUPS);
        created.then().statusCode(201)
                .body("name", matchesPattern("verbatim-\\d{8}T\\d{6}Z(-\\d+)?\\.zip"))
                .body("size", greaterThan(0));
        String name = created.path("name");
        created.then().header("Location", endsWith(BackupResourceTest.BACKUPS + "/" + name));
        String after = createStatement(speaker, event, "2025-06-26");

        asAdmin().get(BackupResourceTest.BACKUPS).then().statusCode(200)
                .body("items[0].name", equalTo(name))
                .body("items[0].size", equalTo(created.<Integer>path("size")))
                .body("items[0].createdAt", equalTo(created.path("createdAt")));
        byte[] zip = asAdmin().accept(BackupResource.ZIP).get(created.header("Location")).then().statusCode(200)
                .contentType(BackupResource.ZIP).extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(DATA.resolve("backups").resolve(name)), zip);

        Path restored = Files.createTempDirectory("verbatim-restored");
        List<String> entries = unzip(zip, restored);
        assertEquals(List.of("verbatim.mv.db"), entries);
        Map<String, String> inBackup = statements(restored);
        assertEquals(before, inBackup);
        assertFalse(inBackup.containsKey(after), "a statement stored after the backup is not in it");
        assertTrue(inBackup.size() >= 2);
    }

    @Test
    void onlyBackupNamesCanBeDownloaded() {
        assertProblem(asAdmin().accept(BackupResource.ZIP).get(BackupResourceTest.BACKUPS + "/verbatim.mv.db"),
                404, "not-found");
        assertProblem(asAdmin().accept(BackupResource.ZIP)
                .get(BackupResourceTest.BACKUPS + "/verbatim-20000101T000000Z.zip"), 404, "not-found");
    }

    /** Id and text of every statement the API exports. */
    private static Map<String, String> exported() throws IOException {
        String ndjson = anonymous().accept("application/x-ndjson").get(STATEMENTS + "/export").then()
                .statusCode(200).extract().asString();
        Map<String, String> statements = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                var statement = mapper.readTree(line);
                statements.put(statement.get("id").asText(), statement.get("text").asText());
            }
        }
        return statements;
    }

    /** Id and text of every statement not deleted, read from the database file with plain JDBC. */
    private static Map<String, String> statements(Path directory) throws SQLException {
        Map<String, String> statements = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + directory.resolve("verbatim")
                + ";IFEXISTS=TRUE", "verbatim", "");
                ResultSet rows = connection.createStatement()
                        .executeQuery("select id, text from statement where deleted_at is null")) {
            while (rows.next()) {
                statements.put(rows.getString(1), rows.getString(2));
            }
        }
        return statements;
    }

    private static List<String> unzip(byte[] zip, Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                Files.copy(in, directory.resolve(Path.of(entry.getName()).getFileName()));
            }
        }
        return names;
    }
}

package org.verbatim.backup;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.verbatim.TestData.*;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Who may make backups, and what a database without a file to back up answers. */
@QuarkusTest
class BackupResourceTest {

    static final String BACKUPS = "/api/v1/admin/backups";

    @BeforeEach
    void log() {
        logFailures();
    }

    @Test
    void onlyAdminsMakeListOrDownloadBackups() {
        assertProblem(anonymous().post(BACKUPS), 401, "unauthorized");
        assertProblem(anonymous().get(BACKUPS), 401, "unauthorized");
        assertProblem(anonymous().get(BACKUPS + "/verbatim-20250625T093000Z.zip"), 401, "unauthorized");
        assertProblem(asEditor().post(BACKUPS), 403, "forbidden");
        assertProblem(asEditor().get(BACKUPS), 403, "forbidden");
        assertProblem(asEditor().get(BACKUPS + "/verbatim-20250625T093000Z.zip"), 403, "forbidden");
    }

    @Test
    @EnabledIfSystemProperty(named = "quarkus.datasource.db-kind", matches = "postgresql")
    void postgresqlIsBackedUpWithPgDump() {
        assertProblem(asAdmin().post(BACKUPS), 409, "conflict").then().body("detail", containsString("pg_dump"));
        assertProblem(asAdmin().accept("application/zip").get(BACKUPS + "/verbatim-20250625T093000Z.zip"), 409,
                "conflict").then().body("detail", containsString("pg_dump"));
        asAdmin().get(BACKUPS).then().statusCode(200).body("items", empty()).body("total", equalTo(0));
    }

    @Test
    @EnabledIfSystemProperty(named = "quarkus.datasource.db-kind", matches = "h2")
    void anInMemoryDatabaseHasNoFileToBackUp() {
        assertProblem(asAdmin().post(BACKUPS), 409, "conflict").then().body("detail", containsString("memory"));
        asAdmin().get(BACKUPS).then().statusCode(200).body("items", empty()).body("total", equalTo(0));
    }
}

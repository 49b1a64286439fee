package org.verbatim.imports;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.logFailures;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.verbatim.common.api.Clock;
import org.verbatim.common.api.Ids;

/** Imports whose process died are marked ABORTED; those that a live process runs are left alone. */
@QuarkusTest
class AbandonedImportTest {

    private static final String IMPORTS = "/api/v1/imports/";

    @Inject
    ImportJobs jobs;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void log() {
        logFailures();
    }

    /** An import as a process leaves it when it is killed: RUNNING, with its last heartbeat. */
    private String leftRunning(Instant heartbeat) {
        String id = Ids.newId();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into import_job (id,"
                        + " status, format, atomic, started_by, started_at, lines_read, created, merged, unchanged,"
                        + " failed, heartbeat_at) values (?1, 'RUNNING', 'ndjson', false, 'editor', ?2, 3000, 2900,"
                        + " 40, 0, 60, ?3)")
                .setParameter(1, id).setParameter(2, Timestamp.from(Clock.now().minus(Duration.ofMinutes(10))))
                .setParameter(3, heartbeat == null ? null : Timestamp.from(heartbeat))
                .executeUpdate());
        return id;
    }

    private ImportReport startHere(Instant startedAt) {
        ImportReport job = new ImportReport(Ids.newId(), ImportStatus.RUNNING, "ndjson", false, "editor", startedAt,
                null, 0, 0, 0, 0, 0, null, null);
        jobs.start(job);
        return job;
    }

    private static void assertStatus(String id, String status) {
        asEditor().get(IMPORTS + id).then().statusCode(200).body("status", equalTo(status));
    }

    @Test
    void importsWithoutAHeartbeatForAMinuteAreAbortedWithTheirCountsKept() {
        String dead = leftRunning(Clock.now().minus(Duration.ofMinutes(5)));
        String beforeHeartbeats = leftRunning(null);
        String alive = leftRunning(Clock.now());

        jobs.abortAbandoned(Clock.now().minus(ImportJobs.ABANDONED_AFTER));

        asEditor().get(IMPORTS + dead).then().statusCode(200)
                .body("status", equalTo("ABORTED"))
                .body("finishedAt", notNullValue())
                .body("message", containsString("The service stopped while this import ran"))
                .body("message", containsString("importing the same body again"))
                .body("lines", equalTo(3000))
                .body("created", equalTo(2900))
                .body("merged", equalTo(40))
                .body("failed", equalTo(60));
        assertStatus(beforeHeartbeats, "ABORTED");
        // Another instance sharing the database runs it, and has shown so lately.
        asEditor().get(IMPORTS + alive).then().statusCode(200)
                .body("status", equalTo("RUNNING"))
                .body("finishedAt", nullValue())
                .body("message", nullValue());

        // Only running imports are touched: an aborted one keeps the time it was found abandoned.
        String finishedAt = asEditor().get(IMPORTS + dead).then().extract().path("finishedAt");
        jobs.abortAbandoned(null);
        asEditor().get(IMPORTS + dead).then().body("finishedAt", equalTo(finishedAt));
        assertStatus(alive, "ABORTED");
    }

    @Test
    void atStartEveryImportButThisProcesssOwnIsAbandoned() {
        String other = leftRunning(Clock.now());
        ImportReport own = startHere(Clock.now());

        // What an embedded database lists as running at start: no other process can be running it.
        jobs.abortAbandoned(null);
        assertStatus(other, "ABORTED");
        assertStatus(own.id(), "RUNNING");

        // Once it ended here, however, nothing keeps it alive.
        jobs.ended(own.id());
        jobs.abortAbandoned(null);
        assertStatus(own.id(), "ABORTED");
    }

    @Test
    void theHeartbeatKeepsARunningImportAlive() {
        Instant longAgo = Clock.now().minus(Duration.ofMinutes(5));
        ImportReport own = startHere(longAgo);
        try {
            jobs.beat();
            assertStatus(own.id(), "RUNNING");
            Object beat = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                    "select heartbeat_at from import_job where id = ?1").setParameter(1, own.id()).getSingleResult());
            Instant heartbeat = beat instanceof OffsetDateTime offset ? offset.toInstant()
                    : beat instanceof Instant instant ? instant : ((Timestamp) beat).toInstant();
            assertTrue(heartbeat.isAfter(longAgo.plus(Duration.ofMinutes(4))), "heartbeat " + heartbeat);
            jobs.abortAbandoned(Clock.now().minus(ImportJobs.ABANDONED_AFTER));
            assertStatus(own.id(), "RUNNING");
        } finally {
            jobs.ended(own.id());
            jobs.abortAbandoned(null);
        }
    }
}

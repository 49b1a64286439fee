package org.verbatim.security;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.suffix;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

/**
 * A burst of failed logins from one client for one user name is refused with a 429 before any password is checked;
 * nobody else notices, and the lock-out ends. Defaults: 10 failures within 1 minute lock out for 5 minutes. Each
 * test uses user names of its own, since every request comes from 127.0.0.1.
 */
@QuarkusTest
class LoginThrottleTest {

    private static final int MAX_FAILURES = 10;

    @Inject
    TestClock clock;

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    private static Response login(String user, String password) {
        return anonymous().auth().preemptive().basic(user, password).get(STATEMENTS);
    }

    private static void fail(String user, int times) {
        for (int i = 0; i < times; i++) {
            assertProblem(login(user, "wrong-" + i), 401, "unauthorized");
        }
    }

    @Test
    void aBurstOfFailuresIsRefusedWithRetryAfter() {
        String user = "burst-" + suffix();
        fail(user, MAX_FAILURES);
        Response refused = login(user, "yet-another-guess");
        assertProblem(refused, 429, "too-many-requests")
                .then().header("Retry-After", Integer::valueOf, allOf(greaterThan(290), lessThanOrEqualTo(300)))
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue())
                .body("title", containsString("Too many"))
                .body("detail", containsString("failed logins"));
        // Writes are refused the same way, before the body is looked at.
        assertProblem(anonymous().auth().preemptive().basic(user, "guess").contentType("application/json")
                .body("{}").post(SPEAKERS), 429, "too-many-requests");
    }

    @Test
    void theRightPasswordIsRefusedWhileLockedAndAcceptedAfterTheLockout() {
        fail("burst", MAX_FAILURES);
        assertProblem(login("burst", "burst-test-password"), 429, "too-many-requests");

        clock.advance(Duration.ofMinutes(4));
        assertProblem(login("burst", "burst-test-password"), 429, "too-many-requests")
                .then().header("Retry-After", Integer::valueOf, allOf(greaterThan(50), lessThanOrEqualTo(60)));

        clock.advance(Duration.ofMinutes(1));
        login("burst", "burst-test-password").then().statusCode(200);
        // The count starts again: one more mistake is an ordinary 401.
        assertProblem(login("burst", "wrong"), 401, "unauthorized");
    }

    @Test
    void otherUsersAndClientsAreUnaffected() {
        String locked = "burst-" + suffix();
        fail(locked, MAX_FAILURES);
        assertProblem(login(locked, "guess"), 429, "too-many-requests");

        asEditor().get(STATEMENTS).then().statusCode(200);
        assertProblem(login("other-" + suffix(), "guess"), 401, "unauthorized");
        anonymous().get(STATEMENTS).then().statusCode(200);
    }

    @Test
    void aSuccessfulLoginResetsNoCounter() {
        String user = "burst-" + suffix();
        fail(user, MAX_FAILURES - 1);
        asEditor().get(STATEMENTS).then().statusCode(200);
        fail(user, 1);
        assertProblem(login(user, "guess"), 429, "too-many-requests");
    }

    @Test
    void failuresInSeparateWindowsDoNotAddUp() {
        String user = "burst-" + suffix();
        fail(user, MAX_FAILURES - 1);
        clock.advance(Duration.ofMinutes(1));
        fail(user, MAX_FAILURES - 1);
        assertProblem(login(user, "guess"), 401, "unauthorized");
    }
}

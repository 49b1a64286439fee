package org.verbatim.security;

import static org.verbatim.TestData.*;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code verbatim.security.read-policy=authenticated}, reads need a configured user too. */
@QuarkusTest
@TestProfile(PrivateReadsTest.PrivateReads.class)
class PrivateReadsTest {

    public static class PrivateReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("verbatim.security.read-policy", "authenticated");
        }
    }

    @Test
    void anonymousReadsAreRefused() {
        assertProblem(anonymous().get(STATEMENTS), 401, "unauthorized")
                .then().header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"));
        assertProblem(anonymous().get(SPEAKERS + "/any-id"), 401, "unauthorized");
    }

    @Test
    void usersMayRead() {
        asEditor().get(STATEMENTS).then().statusCode(200);
        asAdmin().get(EVENTS).then().statusCode(200);
    }

    @Test
    void wrongCredentialsAreRefused() {
        assertProblem(anonymous().auth().preemptive().basic("editor", "wrong").get(STATEMENTS), 401, "unauthorized");
    }
}

package org.verbatim.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.suffix;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials never reach the log: not the password, not the Authorization header, not its base64 value, whether
 * the login succeeds, fails or is throttled. Everything is logged at DEBUG here, with the access log on and
 * printing every request header, so that any place that would print them is caught.
 */
@QuarkusTest
@TestProfile(LogHygieneTest.Verbose.class)
class LogHygieneTest {

    public static class Verbose implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.level", "DEBUG",
                    "quarkus.log.console.level", "INFO",
                    "quarkus.http.access-log.enabled", "true",
                    "quarkus.http.access-log.pattern", "%h %l %u %t \"%r\" %s %b %{ALL_REQUEST_HEADERS}",
                    "verbatim.security.login-throttle.max-failures", "2");
        }
    }

    /**
     * Collects every record the service logs, formatted as a log file would show it, stack traces included; not
     * those of the test's own HTTP client, which runs in the same JVM and prints the headers it sends.
     */
    private static final class Capture extends Handler {
        private final StringBuilder text = new StringBuilder();
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.http")) {
                return;
            }
            text.append(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        synchronized String text() {
            return text.toString();
        }
    }

    private final Capture capture = new Capture();

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void credentialsAreNeverLogged() throws InterruptedException {
        String marker = "loghygiene" + suffix();
        String wrongPassword = "Wr0ng-" + suffix() + "-pässword";
        String stranger = "stranger-" + suffix();

        send("editor", "editor-demo", marker).then().statusCode(200);
        send("editor", wrongPassword, marker).then().statusCode(401);
        send(stranger, wrongPassword, marker).then().statusCode(401);
        send(stranger, wrongPassword, marker).then().statusCode(401);
        send(stranger, "admin-demo", marker).then().statusCode(429);
        anonymous().auth().preemptive().basic("admin", "admin-demo").contentType("application/json")
                .body("{\"name\": 42}").post(SPEAKERS + "?" + marker).then().statusCode(400);
        // The access log is written when the response ends, possibly after the client has read it.
        String log = awaitLog(marker, 6);

        for (String secret : List.of("editor-demo", "admin-demo", wrongPassword)) {
            assertFalse(log.contains(secret), () -> "password in the log:\n" + log);
        }
        for (String[] credentials : List.of(new String[] {"editor", "editor-demo"},
                new String[] {"editor", wrongPassword}, new String[] {stranger, wrongPassword},
                new String[] {stranger, "admin-demo"}, new String[] {"admin", "admin-demo"})) {
            String base64 = Base64.getEncoder().encodeToString((credentials[0] + ":" + credentials[1])
                    .getBytes(StandardCharsets.UTF_8));
            assertFalse(log.contains(base64), () -> "credentials in the log:\n" + log);
        }
        // The access log names the header, with its value masked as "Basic ...".
        assertFalse(Pattern.compile("Basic\\s+[A-Za-z0-9+/]{6,}").matcher(log).find(),
                () -> "Authorization in the log:\n" + log);
    }

    private static io.restassured.response.Response send(String user, String password, String marker) {
        return anonymous().auth().preemptive().basic(user, password).get(STATEMENTS + "?" + marker);
    }

    /** The log once the access log holds the given number of lines with the marker; fails after five seconds. */
    private String awaitLog(String marker, int lines) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            String log = capture.text();
            if (log.split(marker, -1).length - 1 >= lines) {
                return log;
            }
            Thread.sleep(100);
        }
        String log = capture.text();
        assertTrue(false, () -> "expected " + lines + " access log lines with " + marker + " in:\n" + log);
        return log;
    }
}

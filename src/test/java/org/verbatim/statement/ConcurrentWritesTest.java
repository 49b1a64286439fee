package org.verbatim.statement;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.PROBLEM_JSON;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.assertNoInternals;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.createStatement;
import static org.verbatim.TestData.statementBody;
import static org.verbatim.TestData.unique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

/**
 * Writers racing on one statement, each on its own thread and connection, all sending the same If-Match: exactly one
 * wins, every other one is told why it lost (never a 500), and what is stored is the winner's.
 */
@QuarkusTest
class ConcurrentWritesTest {

    private static final int WRITERS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin-demo".getBytes(StandardCharsets.UTF_8));

    @TestHTTPResource("/api/v1/statements")
    URI statements;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private String speaker;
    private String event;

    private record Outcome(String writer, int status, String contentType, String body) {

        boolean succeeded() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    @BeforeEach
    void speakerAndEvent() {
        speaker = createPerson(unique("Marco Rubio"));
        event = createEvent(unique("Informal meeting"), "2025-05-15");
    }

    // --- The races -----------------------------------------------------------------------------------------------

    @Test
    void concurrentReplacementsOfOneVersion() throws Exception {
        String id = createStatement(statementBody(speaker, event, "2025-05-15"));
        List<Outcome> outcomes = race(i -> request(id, "", "\"0\"")
                .header("Content-Type", "application/json")
                .PUT(body(replacement("Writer " + i))).build());

        Outcome winner = onlyWinner(outcomes);
        assertLosers(outcomes, 412);
        anonymous().get(STATEMENTS + "/" + id).then().statusCode(200)
                .body("context", equalTo(winner.json().get("context").asText()))
                .body("version", equalTo(1));
        assertRevisions(id, 2);
    }

    @Test
    void concurrentPatchesOfOneVersion() throws Exception {
        String id = createStatement(statementBody(speaker, event, "2025-05-15"));
        List<Outcome> outcomes = race(i -> request(id, "", "\"0\"")
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", body(Map.of("context", "Writer " + i))).build());

        Outcome winner = onlyWinner(outcomes);
        assertLosers(outcomes, 412);
        anonymous().get(STATEMENTS + "/" + id).then().statusCode(200)
                .body("context", equalTo(winner.json().get("context").asText()))
                .body("version", equalTo(1));
        assertRevisions(id, 2);
    }

    @Test
    void concurrentDeletesAndUpdatesOfOneVersion() throws Exception {
        String id = createStatement(statementBody(speaker, event, "2025-05-15"));
        List<Outcome> outcomes = race(i -> i % 2 == 0
                ? request(id, "", "\"0\"").DELETE().build()
                : request(id, "", "\"0\"").header("Content-Type", "application/merge-patch+json")
                        .method("PATCH", body(Map.of("context", "Writer " + i))).build());

        Outcome winner = onlyWinner(outcomes);
        // A loser that reads after a winning delete finds nothing to change.
        assertLosers(outcomes, 412, 404);
        if (winner.writer().startsWith("DELETE")) {
            assertProblem(anonymous().get(STATEMENTS + "/" + id), 404, "not-found");
            asAdmin().get(STATEMENTS + "/deleted?size=100").then().statusCode(200)
                    .body("items.find { it.statement.id == '" + id + "' }.statement.version", equalTo(1));
        } else {
            anonymous().get(STATEMENTS + "/" + id).then().statusCode(200)
                    .body("context", equalTo(winner.json().get("context").asText()))
                    .body("version", equalTo(1));
        }
        assertRevisions(id, 2);
    }

    @Test
    void concurrentRestoresAndPurgesOfOneVersion() throws Exception {
        String id = createStatement(statementBody(speaker, event, "2025-05-15"));
        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);
        List<Outcome> outcomes = race(i -> i % 2 == 0
                ? request(id, "/restore", "\"1\"").POST(HttpRequest.BodyPublishers.noBody()).build()
                : request(id, "/purge", "\"1\"").POST(HttpRequest.BodyPublishers.noBody()).build());

        Outcome winner = onlyWinner(outcomes);
        // Losers that read after the winner find the statement purged (404) or no longer deleted (409).
        assertLosers(outcomes, 412, 404, 409);
        if (winner.writer().contains("/restore")) {
            anonymous().get(STATEMENTS + "/" + id).then().statusCode(200).body("version", equalTo(2));
        } else {
            assertProblem(asAdmin().get(STATEMENTS + "/" + id), 404, "not-found");
            assertProblem(asAdmin().post(STATEMENTS + "/" + id + "/restore"), 404, "not-found");
        }
        assertRevisions(id, 3);
    }

    // --- Helpers -------------------------------------------------------------------------------------------------

    /** Sends one request per writer, all released at once, and waits for every answer. */
    private List<Outcome> race(IntFunction<HttpRequest> requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        try {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                HttpRequest request = requests.apply(i);
                String writer = request.method() + " " + request.uri().getPath() + " #" + i;
                pending.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    return new Outcome(writer, response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(""), response.body());
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : pending) {
                outcomes.add(outcome.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private HttpRequest.Builder request(String id, String action, String ifMatch) {
        return HttpRequest.newBuilder(URI.create(statements + "/" + id + action))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", ADMIN)
                .header("If-Match", ifMatch);
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> replacement(String context) {
        Map<String, Object> body = statementBody(speaker, event, "2025-05-15");
        body.put("context", context);
        return body;
    }

    private static Outcome onlyWinner(List<Outcome> outcomes) {
        List<Outcome> winners = outcomes.stream().filter(Outcome::succeeded).toList();
        assertEquals(1, winners.size(), () -> "expected exactly one success: " + outcomes);
        return winners.get(0);
    }

    /** Every loser got a problem document with one of these statuses, and none a server error. */
    private static void assertLosers(List<Outcome> outcomes, Integer... allowed) {
        List<Integer> statuses = List.of(allowed);
        for (Outcome outcome : outcomes) {
            if (outcome.succeeded()) {
                continue;
            }
            assertTrue(statuses.contains(outcome.status()), () -> "unexpected answer: " + outcome);
            assertTrue(outcome.contentType().startsWith(PROBLEM_JSON), () -> "not a problem: " + outcome);
            assertEquals(outcome.status(), outcome.json().get("status").asInt(), outcome::toString);
            if (outcome.status() == 412) {
                assertEquals("urn:verbatim:problem:stale-version", outcome.json().get("type").asText());
            }
            assertNoInternals(outcome.body());
        }
    }

    /** The losers left no trace: the history holds the winner's revision and nothing else. */
    private static void assertRevisions(String id, int count) {
        asAdmin().get(STATEMENTS + "/" + id + "/history").then().statusCode(200).body("total", equalTo(count));
    }
}

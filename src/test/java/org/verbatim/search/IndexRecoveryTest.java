package org.verbatim.search;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.verbatim.TestData.*;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service starts on an index with garbage written over its segment files: it discards it and rebuilds it in
 * the background. A hold file stops the rebuild after its first batch, so that what the service answers meanwhile
 * is seen without racing it: searches 503 with Retry-After, everything else as usual. Then the rebuild finishes,
 * and searches find every statement, those written meanwhile too.
 */
@QuarkusTest
@TestProfile(IndexRecoveryTest.CorruptIndex.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexRecoveryTest {

    private static final String INDEX = "/api/v1/admin/search-index";

    public static class CorruptIndex implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CorruptIndexResource.class));
        }
    }

    @ConfigProperty(name = "verbatim.search.backend")
    SearchConfig.Backend backend;

    @ConfigProperty(name = "verbatim.search.rebuild-hold-file")
    Path hold;

    @ConfigProperty(name = "quarkus.log.file.path")
    Path log;

    @BeforeEach
    void embeddedIndexOnly() {
        logFailures();
        // With -Popensearch, the remote index may win over the corrupt directory prepared here.
        assumeTrue(backend == SearchConfig.Backend.LUCENE, "needs the embedded index");
    }

    @Test
    @Order(1)
    void aCorruptIndexIsRebuiltInTheBackgroundWhileEverythingButSearchWorks() throws IOException {
        // The start went on, and the rebuild waits after its first batch.
        JsonPath status = asAdmin().get(INDEX).then().statusCode(200)
                .body("searchable", equalTo(false))
                .body("lastRebuild.finishedAt", nullValue())
                .extract().jsonPath();
        int indexed = status.getInt("lastRebuild.indexed");
        int total = status.getInt("lastRebuild.total");
        assertTrue(indexed > 0 && total >= indexed, "the rebuild is held after a first batch: " + status.prettify());
        String logged = Files.readString(log);
        assertTrue(logged.contains("WARN") && logged.contains("The search index is unusable and is discarded"),
                logged);
        assertTrue(logged.contains("The search index was unusable and has been discarded: rebuilding it from the"
                + " database"), logged);
        assertTrue(Pattern.compile("Rebuilding the search index: " + indexed + " of " + total + " statements \\(\\d+ %\\)")
                .matcher(logged).find(), logged);

        // The first statements in id order: already indexed by the first batch.
        List<String> firstIds = anonymous().get(STATEMENTS + "/export").then().statusCode(200).extract().asString()
                .lines().limit(2).map(line -> JsonPath.from(line).getString("id")).toList();
        String changed = firstIds.get(0);
        String deleted = firstIds.get(1);
        JsonPath before = anonymous().get(STATEMENTS + "/" + changed).then().statusCode(200).extract().jsonPath();
        String speakerId = before.getString("speakerId");
        String eventId = before.getString("eventId");

        // Whatever needs the index: refused, saying how far the rebuild got and when to come back.
        List<Supplier<Response>> searches = List.of(
                () -> anonymous().queryParam("q", "ceasefire").get(STATEMENTS),
                () -> anonymous().queryParam("facets", "kind").get(STATEMENTS),
                () -> anonymous().queryParam("sort", "relevance").get(STATEMENTS),
                () -> anonymous().get(STATEMENTS + "/" + changed + "/similar"),
                () -> anonymous().queryParam("q", "ceasefire").get(STATEMENTS + "/export"),
                () -> anonymous().queryParam("q", "ceasefire").get(SPEAKERS + "/" + speakerId + "/statements"),
                () -> anonymous().queryParam("facets", "year").get(EVENTS + "/" + eventId + "/statements"));
        for (Supplier<Response> search : searches) {
            assertProblem(search.get(), 503, "search-unavailable").then()
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("detail", containsString("being rebuilt"))
                    .body("detail", containsString(String.format(java.util.Locale.ROOT, "%,d of %,d statements",
                            indexed, total)));
        }

        // Everything else works: reads, plain lists, exports without q, speaker searches (by name, in the database).
        anonymous().get(STATEMENTS).then().statusCode(200).body("total", greaterThanOrEqualTo(total));
        anonymous().get(STATEMENTS + "/" + changed).then().statusCode(200);
        anonymous().queryParam("speakerId", speakerId).get(STATEMENTS).then().statusCode(200);
        anonymous().queryParam("q", "a").get(SPEAKERS).then().statusCode(200);
        anonymous().queryParam("q", "a").get(EVENTS).then().statusCode(200);

        // Ready for traffic, with the state of the index in the readiness data; and the same in the metrics.
        anonymous().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'search-index' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'search-index' }.data.state", equalTo("rebuilding"))
                .body("checks.find { it.name == 'search-index' }.data.searchable", equalTo(false))
                .body("checks.find { it.name == 'search-index' }.data.indexed", equalTo(indexed))
                .body("checks.find { it.name == 'search-index' }.data.total", equalTo(total));
        String metrics = anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        assertMetric(metrics, "verbatim_search_available", 0);
        assertMetric(metrics, "verbatim_search_rebuild_running", 1);
        assertMetric(metrics, "verbatim_search_rebuild_indexed_statements", indexed);
        assertMetric(metrics, "verbatim_search_rebuild_target_statements", total);

        // Writes go on, and return without waiting for the rebuild: one new statement, one changed and one deleted
        // after the rebuild indexed them.
        String newWord = "recoverednew" + suffix();
        String changedWord = "recoveredchanged" + suffix();
        Map<String, Object> body = statementBody(createPerson(), createEvent(), "2025-04-04");
        body.put("text", "Written while the index was rebuilt: " + newWord);
        String created = within(() -> createStatement(body));
        int version = before.getInt("version");
        String text = before.getString("text");
        within(() -> asEditor().contentType(MERGE_PATCH).header("If-Match", "\"" + version + "\"")
                .body(Map.of("text", text + " " + changedWord)).patch(STATEMENTS + "/" + changed)
                .then().statusCode(200).extract().path("id"));
        int deletedVersion = anonymous().get(STATEMENTS + "/" + deleted).then().statusCode(200)
                .extract().path("version");
        within(() -> asAdmin().header("If-Match", "\"" + deletedVersion + "\"").delete(STATEMENTS + "/" + deleted)
                .then().statusCode(204).extract().asString());
        asAdmin().get(INDEX).then().statusCode(200).body("pending", greaterThanOrEqualTo(3));

        // The rebuild goes on and finishes; then searches are answered, with everything written meanwhile.
        Files.delete(hold);
        awaitRebuilt();
        anonymous().queryParam("q", newWord).get(STATEMENTS).then().statusCode(200)
                .body("items.id", equalTo(List.of(created)));
        anonymous().queryParam("q", changedWord).get(STATEMENTS).then().statusCode(200)
                .body("items.id", equalTo(List.of(changed)));
        assertIndexAgreesWithDatabase();
        anonymous().queryParam("q", "ceasefire").get(STATEMENTS).then().statusCode(200)
                .body("items.id", not(hasItem(deleted)));
        anonymous().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'search-index' }.data.state", equalTo("ready"))
                .body("checks.find { it.name == 'search-index' }.data.searchable", equalTo(true));
        metrics = anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        assertMetric(metrics, "verbatim_search_available", 1);
        assertMetric(metrics, "verbatim_search_rebuild_running", 0);
        assertTrue(Pattern.compile("Rebuilt the search index: \\d+ statements \\(100 %\\)").matcher(Files.readString(log))
                .find());

        // Leave the shared statements as they were.
        asAdmin().post(STATEMENTS + "/" + deleted + "/restore").then().statusCode(200);
        asEditor().contentType(MERGE_PATCH).body(Map.of("text", text)).patch(STATEMENTS + "/" + changed)
                .then().statusCode(200);
        assertIndexAgreesWithDatabase();
    }

    @Test
    @Order(2)
    void aRebuildOfAnIntactIndexKeepsAnsweringSearches() throws IOException {
        String word = "intactrebuild" + suffix();
        Map<String, Object> body = statementBody(createPerson(), createEvent(), "2025-04-04");
        body.put("text", "Indexed before the rebuild: " + word);
        String before = createStatement(body);

        Files.createFile(hold);
        asAdmin().post(INDEX + "/rebuild").then().statusCode(202);
        awaitHeld();
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200)
                .body("items.id", equalTo(List.of(before)));
        anonymous().queryParam("q", word).queryParam("facets", "kind").get(STATEMENTS).then().statusCode(200);
        anonymous().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'search-index' }.data.state", equalTo("rebuilding"))
                .body("checks.find { it.name == 'search-index' }.data.searchable", equalTo(true));
        String later = "duringrebuild" + suffix();
        body.put("text", "Written during the rebuild: " + later);
        String during = within(() -> createStatement(body));

        Files.delete(hold);
        awaitRebuilt();
        anonymous().queryParam("q", later).get(STATEMENTS).then().statusCode(200)
                .body("items.id", equalTo(List.of(during)));
        assertIndexAgreesWithDatabase();
    }

    private static void assertIndexAgreesWithDatabase() {
        int live = anonymous().queryParam("size", 1).get(STATEMENTS).then().statusCode(200).extract().path("total");
        asAdmin().get(INDEX).then().statusCode(200).body("documents", equalTo(live));
    }

    /** A write must not wait for the rebuild: it would wait for the hold file, for ever. */
    private static <T> T within(Supplier<T> write) {
        try {
            return CompletableFuture.supplyAsync(write).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a write did not return while the index was rebuilt", e);
        }
    }

    private static void awaitHeld() {
        for (int i = 0; i < 200; i++) {
            JsonPath status = asAdmin().get(INDEX).then().statusCode(200).extract().jsonPath();
            if (status.getInt("lastRebuild.indexed") > 0) {
                return;
            }
            sleep();
        }
        throw new AssertionError("the rebuild did not reach its hold");
    }

    private static void awaitRebuilt() {
        for (int i = 0; i < 300; i++) {
            JsonPath status = asAdmin().get(INDEX).then().statusCode(200).extract().jsonPath();
            // Not waiting for the outbox to empty: searches are answered only once the rebuild has drained it.
            if (status.getString("lastRebuild.finishedAt") != null && status.getBoolean("searchable")) {
                return;
            }
            sleep();
        }
        throw new AssertionError("the rebuild did not finish: " + asAdmin().get(INDEX).asString());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertMetric(String metrics, String name, long value) {
        assertTrue(Pattern.compile("(?m)^" + name + "(\\{[^}]*})? " + value + "(\\.0)?$").matcher(metrics).find(),
                () -> name + " " + value + " not in:\n" + metrics.lines().filter(l -> l.startsWith("verbatim_"))
                        .reduce("", (a, b) -> a + b + "\n"));
    }
}

package org.verbatim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates records through the API so that every test owns the data it reads, whatever else the database holds
 * (demo data, other tests). Names carry a random suffix; lists are filtered by the ids created here.
 */
public final class TestData {

    public static final String SPEAKERS = "/api/v1/speakers";
    public static final String EVENTS = "/api/v1/events";
    public static final String STATEMENTS = "/api/v1/statements";
    public static final String IMPORTS = "/api/v1/imports";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";

    private TestData() {}

    /** Logs request and response of a failed assertion; call from {@code @BeforeAll}. */
    public static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    // --- Requests ----------------------------------------------------------------------------------------------

    /** Bodies are sent as UTF-8 whatever the media type, so non-Latin text reaches the server intact. */
    public static RequestSpecification anonymous() {
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .defaultContentCharset(StandardCharsets.UTF_8)
                .defaultCharsetForContentType(StandardCharsets.UTF_8, MERGE_PATCH)
                .defaultCharsetForContentType(StandardCharsets.UTF_8, "application/json")));
    }

    public static RequestSpecification asEditor() {
        return anonymous().auth().preemptive().basic("editor", "editor-demo");
    }

    public static RequestSpecification asAdmin() {
        return anonymous().auth().preemptive().basic("admin", "admin-demo");
    }

    // --- Unique values -----------------------------------------------------------------------------------------

    /** Eight random lower-case letters: safe inside names that tests search for. */
    public static String suffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }

    public static String unique(String prefix) {
        return prefix + " " + suffix();
    }

    /** A syntactically valid Wikidata id that no real or seeded item is likely to use. */
    public static String wikidataId() {
        return "Q" + ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L);
    }

    // --- Speakers ----------------------------------------------------------------------------------------------

    public static Map<String, Object> speakerBody(String name, String kind) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("kind", kind);
        return body;
    }

    public static String createSpeaker(Map<String, Object> body) {
        return asEditor().contentType("application/json").body(body)
                .when().post(SPEAKERS)
                .then().statusCode(201)
                .extract().path("id");
    }

    public static String createPerson(String name) {
        return createSpeaker(speakerBody(name, "PERSON"));
    }

    public static String createPerson() {
        return createPerson(unique("Person"));
    }

    public static String createOrganization(String name) {
        return createSpeaker(speakerBody(name, "ORGANIZATION"));
    }

    // --- Events ------------------------------------------------------------------------------------------------

    public static Map<String, Object> eventBody(String name, String kind, String startDate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("kind", kind);
        body.put("startDate", startDate);
        return body;
    }

    public static String createEvent(Map<String, Object> body) {
        return asEditor().contentType("application/json").body(body)
                .when().post(EVENTS)
                .then().statusCode(201)
                .extract().path("id");
    }

    public static String createEvent(String name, String startDate) {
        return createEvent(eventBody(name, "MEETING", startDate));
    }

    public static String createEvent() {
        return createEvent(unique("Event"), "2030-01-15");
    }

    // --- Statements --------------------------------------------------------------------------------------------

    public static Map<String, Object> source(String publisher, String url) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("publisher", publisher);
        source.put("url", url);
        return source;
    }

    /** A minimal valid statement: a quote with one source. */
    public static Map<String, Object> statementBody(String speakerId, String eventId, String statedOn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", unique("We will keep talking"));
        body.put("kind", "QUOTE");
        body.put("speakerId", speakerId);
        body.put("statedOn", statedOn);
        body.put("eventId", eventId);
        body.put("sources", new ArrayList<>(List.of(source("Test Wire", "https://example.org/news/1"))));
        return body;
    }

    public static String createStatement(Map<String, Object> body) {
        return asEditor().contentType("application/json").body(body)
                .when().post(STATEMENTS)
                .then().statusCode(201)
                .extract().path("id");
    }

    public static String createStatement(String speakerId, String eventId, String statedOn) {
        return createStatement(statementBody(speakerId, eventId, statedOn));
    }

    // --- Assertions --------------------------------------------------------------------------------------------

    /**
     * Asserts an RFC 9457 problem document of this status and type, which gives no internals away, and returns
     * the response for further checks.
     */
    /** Posts NDJSON to the import endpoint as an editor; {@code atomic} may be null. */
    public static Response importNdjson(String body, String atomic) {
        var request = asEditor().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8));
        if (atomic != null) {
            request = request.queryParam("atomic", atomic);
        }
        return request.post(IMPORTS);
    }

    /** One NDJSON import line, its speaker and event inline. */
    public static String importLine(String topic, String text, String speaker, String event, String date, String publisher) {
        return "{\"text\":\"" + text + "\",\"kind\":\"QUOTE\",\"speaker\":{\"name\":\"" + speaker
                + "\",\"kind\":\"PERSON\"},\"statedOn\":\"" + date + "\",\"event\":{\"name\":\"" + event
                + "\",\"kind\":\"INTERVIEW\",\"startDate\":\"" + date + "\"},\"topics\":[\"" + topic
                + "\"],\"sources\":[{\"publisher\":\"" + publisher + "\"}]}";
    }

    public static Response assertProblem(Response response, int status, String slug) {
        response.then()
                .statusCode(status)
                .header("Content-Type", startsWith(PROBLEM_JSON))
                .body("type", equalTo("urn:verbatim:problem:" + slug))
                .body("status", equalTo(status))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()))
                .body("instance", startsWith("/"));
        assertNoInternals(response.asString());
        return response;
    }

    /** No class names or stack traces in an answer. */
    public static void assertNoInternals(String body) {
        assertFalse(body.contains("Exception"), () -> "exception named in: " + body);
        assertFalse(body.contains("org."), () -> "package named in: " + body);
        assertFalse(body.contains("java."), () -> "package named in: " + body);
        assertFalse(body.contains("\tat "), () -> "stack trace in: " + body);
    }

    // --- Comparing --------------------------------------------------------------------------------------------

    /** Copies without what every write sets anew (versions and timestamps, at any depth). */
    public static List<JsonNode> withoutWriteStamps(List<JsonNode> records) {
        return records.stream().map(record -> stripWriteStamps(record.deepCopy())).toList();
    }

    private static JsonNode stripWriteStamps(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("version", "createdAt", "updatedAt"));
        }
        node.forEach(TestData::stripWriteStamps);
        return node;
    }
}

package org.verbatim.common.error;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.verbatim.TestData.EVENTS;
import static org.verbatim.TestData.MERGE_PATCH;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.unique;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.LogConfig;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.verbatim.TestData;

/** Every kind of failure answers an RFC 9457 problem document that says what is wrong, and nothing internal. */
@QuarkusTest
class ProblemResponsesTest {

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    private static Response postSpeaker(String json) {
        return asEditor().contentType("application/json").body(json).post(SPEAKERS);
    }

    private static String speakerJson(String extra) {
        return "{\"name\": \"" + unique("Problem") + "\", \"kind\": \"PERSON\"" + extra + "}";
    }

    // --- Request bodies ----------------------------------------------------------------------------------------------

    @Test
    void malformedJsonNamesLineAndColumn() {
        Response response = postSpeaker("{\n  \"name\": \"x\",\n  \"kind\": PERSON\n}");
        assertProblem(response, 400, "malformed-request")
                .then().body("detail", matchesPattern(".*\\(line 3, column \\d+\\).*"))
                .body("violations", nullValue())
                .body("instance", equalTo(SPEAKERS));
    }

    @Test
    void unknownPropertyIsNamedByItsPath() {
        assertProblem(postSpeaker(speakerJson(", \"nickname\": \"Rubio\"")), 400, "validation-failed")
                .then().body("violations.field", contains("nickname"))
                .body("violations[0].message", containsString("unknown property 'nickname'"));
    }

    @Test
    void unknownPropertyInsideAListIsNamedByItsPath() {
        String speaker = createPerson();
        String event = TestData.createEvent();
        String json = "{\"text\": \"x\", \"kind\": \"QUOTE\", \"speakerId\": \"" + speaker + "\", \"eventId\": \""
                + event + "\", \"statedOn\": \"2025-05-11\","
                + " \"sources\": [{\"publisher\": \"Wire\", \"link\": \"x\"}]}";
        assertProblem(asEditor().contentType("application/json").body(json).post(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("sources[0].link"));
    }

    @Test
    void badEnumValueNamesTheFieldAndTheAllowedValues() {
        Response response = postSpeaker("{\"name\": \"x\", \"kind\": \"ROBOT\"}");
        assertProblem(response, 400, "validation-failed")
                .then().body("violations.field", contains("kind"))
                .body("violations[0].message", allOf(containsString("ROBOT"), containsString("PERSON"),
                        containsString("ORGANIZATION")));
    }

    @Test
    void badDateNamesTheField() {
        String json = "{\"name\": \"" + unique("Event") + "\", \"kind\": \"SUMMIT\", \"startDate\": \"2025-02-30\"}";
        assertProblem(asEditor().contentType("application/json").body(json).post(EVENTS), 400, "validation-failed")
                .then().body("violations.field", contains("startDate"))
                .body("violations[0].message", containsString("2025-02-30"));
    }

    @ParameterizedTest
    @CsvSource({"-999999999-01-01", "+999999999-12-31", "0000-01-01", "1582-10-10", "1582-12-31", "+10000-01-01"})
    void dayThatCannotBeStoredExactlyIsRefused(String day) {
        String json = "{\"name\": \"" + unique("Event") + "\", \"kind\": \"SUMMIT\", \"startDate\": \"1990-01-01\","
                + " \"endDate\": \"" + day + "\"}";
        assertProblem(asEditor().contentType("application/json").body(json).post(EVENTS), 400, "validation-failed")
                .then().body("violations.field", contains("endDate"))
                .body("violations[0].message", containsString("from 1583-01-01 to 9999-12-31"));
        assertProblem(anonymous().queryParam("from", day).get(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("from"));
        String id = TestData.createEvent();
        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"startDate\": \"" + day + "\"}")
                .patch(EVENTS + "/" + id), 400, "validation-failed")
                .then().body("violations.field", contains("startDate"));
    }

    @Test
    void firstAndLastStorableDaysAreKept() {
        String json = "{\"name\": \"" + unique("Event") + "\", \"kind\": \"SUMMIT\", \"startDate\": \"1583-01-01\","
                + " \"endDate\": \"9999-12-31\"}";
        String id = asEditor().contentType("application/json").body(json).post(EVENTS).then().statusCode(201)
                .extract().path("id");
        anonymous().get(EVENTS + "/" + id).then().body("startDate", equalTo("1583-01-01"))
                .body("endDate", equalTo("9999-12-31"));
    }

    @Test
    void numberForAStringIsRejected() {
        assertProblem(postSpeaker("{\"name\": 42, \"kind\": \"PERSON\"}"), 400, "validation-failed")
                .then().body("violations.field", contains("name"));
    }

    @Test
    void numberForAStringHasAReadableMessage() {
        assertProblem(postSpeaker("{\"name\": 42, \"kind\": \"PERSON\"}"), 400, "validation-failed")
                .then().body("violations[0].message", not(containsString("a valid a")));
    }

    @Test
    void numberForAnEnumIsRejected() {
        assertProblem(postSpeaker("{\"name\": \"x\", \"kind\": 0}"), 400, "validation-failed")
                .then().body("violations.field", contains("kind"));
    }

    @Test
    void duplicateKeyIsRejected() {
        Response response = postSpeaker("{\"name\": \"a\", \"kind\": \"PERSON\", \"name\": \"b\"}");
        assertProblem(response, 400, "malformed-request")
                .then().body("detail", allOf(containsString("name"), containsString("line 1")));
    }

    @Test
    void duplicateKeyInAMergePatchIsRejected() {
        String id = createPerson();
        Response response = asEditor().contentType(MERGE_PATCH).body("{\"title\": \"a\", \"title\": null}")
                .patch(SPEAKERS + "/" + id);
        assertProblem(response, 400, "malformed-request")
                .then().body("detail", containsString("title"));
        anonymous().get(SPEAKERS + "/" + id).then().body("version", equalTo(0));
    }

    @Test
    void wrongTypeForAListInAMergePatchIsNamedWithoutInternals() {
        String id = createPerson();
        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"aliases\": 123}").patch(SPEAKERS + "/" + id),
                400, "validation-failed")
                .then().body("violations.field", contains("aliases"))
                .body("violations[0].message", containsString("an array"));
    }

    @Test
    void trailingGarbageIsRejected() {
        assertProblem(postSpeaker(speakerJson("") + " {}"), 400, "malformed-request");
    }

    @Test
    void emptyBodyIsRejected() {
        Response response = asEditor().contentType("application/json").body("").post(SPEAKERS);
        assertProblem(response, 400, "validation-failed")
                .then().body("violations.field", contains("body"))
                .body("violations[0].message", equalTo("a JSON body is required"));
    }

    @Test
    void mergePatchMustBeAnObject() {
        String id = createPerson();
        assertProblem(asEditor().contentType(MERGE_PATCH).body("[{\"title\": \"x\"}]").patch(SPEAKERS + "/" + id),
                400, "malformed-request");
    }

    @Test
    void unknownPropertyInAMergePatchIsNamed() {
        String id = createPerson();
        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"nickname\": \"x\"}").patch(SPEAKERS + "/" + id),
                400, "validation-failed")
                .then().body("violations.field", contains("nickname"));
    }

    @Test
    void badValueInAMergePatchIsNamed() {
        String id = createPerson();
        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"kind\": \"ROBOT\"}").patch(SPEAKERS + "/" + id),
                400, "validation-failed")
                .then().body("violations.field", contains("kind"));
    }

    @Test
    void wrongMediaTypeIs415() {
        assertProblem(asEditor().contentType("text/plain").body(speakerJson("")).post(SPEAKERS),
                415, "unsupported-media-type");
    }

    @Test
    void plainJsonForAPatchIs415() {
        String id = createPerson();
        assertProblem(asEditor().contentType("application/json").body("{\"title\": \"x\"}")
                .patch(SPEAKERS + "/" + id), 415, "unsupported-media-type")
                .then().body("detail", containsString("merge-patch"));
    }

    /** Sent without failure logging: a failure would print the whole body. */
    private static Response postOversizedSpeaker() {
        String json = speakerJson(", \"title\": \"" + "x".repeat(2 * 1024 * 1024 + 10) + "\"");
        return asEditor().config(RestAssured.config().logConfig(new LogConfig())
                        .encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset(StandardCharsets.UTF_8)))
                .contentType("application/json").body(json).post(SPEAKERS);
    }

    @Test
    void bodyOver2MegabytesIs413() {
        assertProblem(postOversizedSpeaker(), 413, "body-too-large");
        // The connection was closed; the service still answers.
        anonymous().get(SPEAKERS).then().statusCode(200);
    }

    // --- Resources and methods ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"/api/v1/speakers/no-such-id", "/api/v1/events/no-such-id", "/api/v1/statements/no-such-id"})
    void unknownIdIs404(String path) {
        assertProblem(anonymous().get(path), 404, "not-found")
                .then().body("detail", containsString("no-such-id"))
                .body("instance", equalTo(path));
    }

    @Test
    void unknownIdOnWriteIs404() {
        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"title\": \"x\"}")
                .patch(SPEAKERS + "/no-such-id"), 404, "not-found");
        assertProblem(asAdmin().delete(STATEMENTS + "/no-such-id"), 404, "not-found");
        // PUT replaces, it does not create.
        assertProblem(asEditor().contentType("application/json").body(speakerJson(""))
                .put(SPEAKERS + "/no-such-id"), 404, "not-found");
    }

    @Test
    void unknownPathIs404() {
        assertProblem(anonymous().get("/api/v1/quotations"), 404, "not-found");
    }

    @Test
    void wrongMethodIs405() {
        assertProblem(asAdmin().delete(SPEAKERS), 405, "method-not-allowed");
    }

    @Test
    void wrongMethodNamesTheAllowedMethods() {
        assertProblem(asAdmin().delete(SPEAKERS), 405, "method-not-allowed")
                .then().header("Allow", equalTo("GET, HEAD, OPTIONS, POST"));
        assertProblem(asAdmin().post(STATEMENTS + "/some-id"), 405, "method-not-allowed")
                .then().header("Allow", equalTo("DELETE, GET, HEAD, OPTIONS, PATCH, PUT"));
    }

    @Test
    void answersCarrySecurityHeaders() {
        for (Response response : java.util.List.of(anonymous().get(SPEAKERS),
                anonymous().get(SPEAKERS + "/no-such-id"))) {
            response.then()
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
        }
        anonymous().get("/q/swagger-ui/").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void unacceptableMediaTypeIs406() {
        assertProblem(anonymous().accept("text/html").get(SPEAKERS), 406, "not-acceptable");
    }

    @Test
    void oneProblemTypeHasOneTitle() {
        String forId = anonymous().get(SPEAKERS + "/no-such-id").path("title");
        assertProblem(anonymous().get("/api/v1/quotations"), 404, "not-found")
                .then().body("title", equalTo(forId));
    }

    @Test
    void conditionalWritesWithAStaleVersionAre412() {
        String id = createPerson();
        assertProblem(asEditor().header("If-Match", "\"7\"").contentType(MERGE_PATCH).body("{\"title\": \"x\"}")
                .patch(SPEAKERS + "/" + id), 412, "stale-version")
                .then().body("detail", allOf(containsString("7"), containsString("0")));
    }

    // --- Authentication and roles ------------------------------------------------------------------------------------

    @Test
    void writingWithoutCredentialsIs401WithAChallenge() {
        Response response = anonymous().contentType("application/json").body(speakerJson("")).post(SPEAKERS);
        assertProblem(response, 401, "unauthorized")
                .then().header("WWW-Authenticate", startsWith("Basic"));
    }

    @Test
    void wrongCredentialsOnAPublicReadAre401() {
        assertProblem(anonymous().auth().preemptive().basic("editor", "wrong-password").get(SPEAKERS), 401,
                "unauthorized");
        anonymous().get(SPEAKERS).then().statusCode(200);
    }

    @Test
    void wrongPasswordIs401() {
        Response response = anonymous().auth().preemptive().basic("editor", "wrong-password")
                .contentType("application/json").body(speakerJson("")).post(SPEAKERS);
        assertProblem(response, 401, "unauthorized")
                .then().header("WWW-Authenticate", startsWith("Basic"));
    }

    @Test
    void unknownUserIs401() {
        Response response = anonymous().auth().preemptive().basic("mallory", "editor-demo")
                .contentType("application/json").body(speakerJson("")).post(SPEAKERS);
        assertProblem(response, 401, "unauthorized");
    }

    @Test
    void editorMayNotDelete() {
        String id = createPerson();
        assertProblem(asEditor().delete(SPEAKERS + "/" + id), 403, "forbidden");
        anonymous().get(SPEAKERS + "/" + id).then().statusCode(200);
    }

    @Test
    void readsArePublic() {
        String id = createPerson();
        anonymous().get(SPEAKERS + "/" + id).then().statusCode(200);
        anonymous().get(STATEMENTS).then().statusCode(200);
    }

    // --- Query parameters --------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}?{1}={2}")
    @CsvSource({
            "/api/v1/statements, size, 1000",
            "/api/v1/statements, size, 0",
            "/api/v1/statements, page, -1",
            "/api/v1/statements, page, 10001",
            "/api/v1/statements, from, notadate",
            "/api/v1/statements, to, 2025-13-01",
            "/api/v1/statements, kind, NOPE",
            "/api/v1/statements, sort, bogus",
            "/api/v1/statements, language, 'not a language'",
            "/api/v1/speakers, kind, ROBOT",
            "/api/v1/speakers, size, 101",
            "/api/v1/events, from, 2025-5-1",
            "/api/v1/events, kind, NOPE",
            "/api/v1/events, size, 101",
            "/api/v1/statements/export, format, xml",
    })
    void badQueryParameterIsNamed(String path, String name, String value) {
        assertProblem(anonymous().queryParam(name, value).get(path), 400, "validation-failed")
                .then().body("violations.field", contains(name))
                .body("instance", equalTo(path));
    }

    @ParameterizedTest(name = "{0}?{1}={2}")
    @CsvSource({
            "/api/v1/statements, size, abc",
            "/api/v1/speakers, page, 1.5",
    })
    void nonNumericPagingParameterIsNamed(String path, String name, String value) {
        assertProblem(anonymous().queryParam(name, value).get(path), 400, "validation-failed")
                .then().body("violations.field", contains(name));
    }

    @Test
    void repeatableFilterIsBounded() {
        Object[] topics = IntStream.rangeClosed(1, 51).mapToObj(i -> "topic" + i).toArray();
        assertProblem(anonymous().queryParam("topic", topics).get(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("topic"));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource({
            "/api/v1/statements, speakerId",
            "/api/v1/statements, eventId",
            "/api/v1/statements, kind",
            "/api/v1/statements/export, topic",
            "/api/v1/events, participantId",
            "/api/v1/speakers, kind",
    })
    void everyRepeatableFilterIsBounded(String path, String name) {
        Object[] values = IntStream.rangeClosed(1, 51).mapToObj(i -> "v" + i).toArray();
        assertProblem(anonymous().queryParam(name, values).get(path), 400, "validation-failed")
                .then().body("violations.field", contains(name))
                .body("violations[0].message", containsString("at most 50"));
        // Comma-separated values count one by one.
        String joined = IntStream.rangeClosed(1, 51).mapToObj(i -> "v" + i).collect(Collectors.joining(","));
        assertProblem(anonymous().queryParam(name, joined).get(path), 400, "validation-failed")
                .then().body("violations.field", contains(name));
    }

    @ParameterizedTest(name = "{0}?{1} longer than {2}")
    @CsvSource({
            "/api/v1/speakers, q, 200",
            "/api/v1/events, q, 200",
            "/api/v1/statements/export, q, 500",
            "/api/v1/statements, publisher, 300",
            "/api/v1/statements, language, 35",
    })
    void overlongTextParameterIsNamed(String path, String name, int max) {
        anonymous().queryParam(name, "a".repeat(max)).get(path).then().statusCode(org.hamcrest.Matchers.lessThan(500));
        assertProblem(anonymous().queryParam(name, "a".repeat(max + 1)).get(path), 400, "validation-failed")
                .then().body("violations.field", contains(name))
                .body("violations[0].message", containsString("at most " + max));
    }

    @Test
    void sizeOfSimilarStatementsIsBounded() {
        String statement = TestData.createStatement(createPerson(), TestData.createEvent(), "2025-05-11");
        assertProblem(anonymous().queryParam("size", 101).get(STATEMENTS + "/" + statement + "/similar"), 400,
                "validation-failed")
                .then().body("violations.field", contains("size"));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource({
            "/api/v1/statements, topic",
            "/api/v1/statements, publisher",
            "/api/v1/statements, speakerId",
            "/api/v1/statements/export, q",
            "/api/v1/speakers, q",
            "/api/v1/events, participantId",
    })
    void nulCharacterInAParameterIsNamed(String path, String name) {
        assertProblem(anonymous().urlEncodingEnabled(false).get(path + "?" + name + "=a%00b"), 400,
                "validation-failed")
                .then().body("violations.field", contains(name))
                .body("violations[0].message", containsString("NUL"));
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/speakers/%00", "/api/v1/events/a%00b", "/api/v1/statements/%00/similar"})
    void nulCharacterInAnIdIsNotFound(String path) {
        assertProblem(anonymous().urlEncodingEnabled(false).get(path), 404, "not-found");
        assertProblem(asAdmin().urlEncodingEnabled(false).delete(path), 404, "not-found");
    }

    @Test
    void rangeEndingBeforeItStartsIsInvalid() {
        assertProblem(anonymous().queryParams(Map.of("from", "2025-05-02", "to", "2025-05-01")).get(STATEMENTS),
                400, "validation-failed")
                .then().body("violations.field", contains("to"));
    }

    @Test
    void badQueryParameterOfASubResourceIsNamed() {
        String speaker = createPerson();
        assertProblem(anonymous().queryParam("sort", "-date").get(SPEAKERS + "/" + speaker + "/statements"),
                400, "validation-failed")
                .then().body("violations.field", contains("sort"));
    }
}

package org.verbatim.statement;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.createStatement;
import static org.verbatim.TestData.source;
import static org.verbatim.TestData.statementBody;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

@QuarkusTest
class StatementDuplicatesTest {

    @BeforeAll
    static void log() {
        TestData.logFailures();
    }

    @Test
    void theSameWordsBySameSpeakerOnTheSameDayAreRefusedWithTheStoredStatement() {
        String speaker = createPerson();
        String event = createEvent();
        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("text", "Our top priority remains an immediate ceasefire.");
        String id = createStatement(body);

        body.put("text", "“our top priority remains   an IMMEDIATE ceasefire”");
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 409, "duplicate")
                .then()
                .header("Location", endsWith("/api/v1/statements/" + id))
                .body("existingId", equalTo(id))
                .body("detail", org.hamcrest.Matchers.containsString("/sources"));
    }

    @Test
    void anotherSpeakerOrAnotherDayIsAnotherStatement() {
        String speaker = createPerson();
        String event = createEvent();
        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("text", "We are ready to talk.");
        createStatement(body);
        body.put("statedOn", "2025-05-12");
        createStatement(body);
        body.put("speakerId", createPerson());
        createStatement(body);
    }

    @Test
    void changingAStatementIntoAnotherOneIsRefused() {
        String speaker = createPerson();
        String event = createEvent();
        Map<String, Object> first = statementBody(speaker, event, "2025-05-11");
        String firstId = createStatement(first);
        String secondId = createStatement(statementBody(speaker, event, "2025-05-11"));

        assertProblem(asEditor().contentType(TestData.MERGE_PATCH).body(Map.of("text", first.get("text") + "!"))
                .patch(STATEMENTS + "/" + secondId), 409, "duplicate")
                .then().body("existingId", equalTo(firstId));
        // Its own text, re-punctuated, is not a duplicate of itself.
        asEditor().contentType(TestData.MERGE_PATCH).body(Map.of("text", first.get("text") + "."))
                .patch(STATEMENTS + "/" + firstId)
                .then().statusCode(200);
    }

    @Test
    void addingSourcesCountsThemAndKeepsTheEarliestDate() {
        String id = createStatement(createPerson(), createEvent(), "2025-05-11");
        anonymous().get(STATEMENTS + "/" + id).then()
                .body("sourceCount", equalTo(1))
                .body("firstPublishedOn", nullValue());

        Map<String, Object> later = source("Reuters", "https://example.org/reuters/1");
        later.put("publishedOn", "2025-05-13");
        asEditor().contentType("application/json").body(later).header("If-Match", "\"0\"")
                .post(STATEMENTS + "/" + id + "/sources")
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("sourceCount", equalTo(2))
                .body("firstPublishedOn", equalTo("2025-05-13"))
                .body("sources.publisher", contains("Test Wire", "Reuters"));

        Map<String, Object> earlier = source("AP", null);
        earlier.put("publishedOn", "2025-05-11");
        asEditor().contentType("application/json").body(earlier).post(STATEMENTS + "/" + id + "/sources")
                .then().statusCode(200).body("sourceCount", equalTo(3)).body("firstPublishedOn", equalTo("2025-05-11"));

        // The same publication again changes nothing.
        Map<String, Object> again = source("reuters", "https://example.org/reuters/1");
        asEditor().contentType("application/json").body(again).post(STATEMENTS + "/" + id + "/sources")
                .then().statusCode(200).header("ETag", "\"2\"").body("sourceCount", equalTo(3));
    }

    @Test
    void addingASourceNeedsAValidSourceAnEditorAStatementAndTheCurrentVersion() {
        String id = createStatement(createPerson(), createEvent(), "2025-05-11");
        String path = STATEMENTS + "/" + id + "/sources";
        assertProblem(asEditor().contentType("application/json").body(Map.of("publisher", "X", "url", "ftp://x"))
                .post(path), 400, "validation-failed").then().body("violations[0].field", equalTo("url"));
        assertProblem(asEditor().contentType("application/json").body(Map.of("url", "https://x.org"))
                .post(path), 400, "validation-failed").then().body("violations[0].field", equalTo("publisher"));
        assertProblem(asEditor().contentType("application/json").body(source("X", null)).header("If-Match", "\"7\"")
                .post(path), 412, "stale-version");
        assertProblem(anonymous().contentType("application/json").body(source("X", null)).post(path), 401,
                "unauthorized");
        assertProblem(asEditor().contentType("application/json").body(source("X", null))
                .post(STATEMENTS + "/0196c3a1-0000-7000-8000-000000000000/sources"), 404, "not-found");
        anonymous().get(STATEMENTS + "/" + id).then().body("sourceCount", equalTo(1)).body("version", equalTo(0));
    }

    @Test
    void listsSortBySourceCountAndFirstPublicationDate() {
        String speaker = createPerson();
        String event = createEvent();
        String one = createStatement(speaker, event, "2025-05-11");
        String three = createStatement(speaker, event, "2025-05-11");
        String two = createStatement(speaker, event, "2025-05-11");
        addSource(three, "A", "2025-02-01");
        addSource(three, "B", null);
        addSource(two, "C", "2025-01-01");

        anonymous().queryParam("speakerId", speaker).queryParam("sort", "-sourceCount").get(STATEMENTS)
                .then().statusCode(200).body("items.id", contains(three, two, one));
        anonymous().queryParam("speakerId", speaker).queryParam("sort", "sourceCount").get(STATEMENTS)
                .then().body("items.id", contains(one, two, three));
        anonymous().queryParam("speakerId", speaker).queryParam("sort", "firstPublishedOn").get(STATEMENTS)
                .then().body("items.id", contains(two, three, one));
        anonymous().queryParam("speakerId", speaker).queryParam("sort", "-firstPublishedOn").get(STATEMENTS)
                .then().body("items.id", contains(three, two, one));
        assertProblem(anonymous().queryParam("sort", "sources").get(STATEMENTS), 400, "validation-failed");
    }

    private static void addSource(String id, String publisher, String publishedOn) {
        Map<String, Object> source = source(publisher, null);
        source.put("publishedOn", publishedOn);
        asEditor().contentType("application/json").body(source).post(STATEMENTS + "/" + id + "/sources")
                .then().statusCode(200);
    }

    @Test
    void sortingBySourceCountWorksWithAQueryToo() {
        String speaker = createPerson();
        String event = createEvent();
        String word = TestData.suffix();
        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("text", "The alliance " + word + " stands");
        String one = createStatement(body);
        body.put("text", "The alliance " + word + " stands firm");
        String two = createStatement(body);
        addSource(two, "D", null);
        anonymous().queryParam("q", word).queryParam("sort", "-sourceCount").get(STATEMENTS)
                .then().statusCode(200).body("items", hasSize(2)).body("items.id", contains(two, one));
    }
}

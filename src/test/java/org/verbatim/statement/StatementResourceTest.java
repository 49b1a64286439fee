package org.verbatim.statement;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.verbatim.TestData.EVENTS;
import static org.verbatim.TestData.MERGE_PATCH;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createOrganization;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.createStatement;
import static org.verbatim.TestData.source;
import static org.verbatim.TestData.statementBody;
import static org.verbatim.TestData.unique;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

@QuarkusTest
class StatementResourceTest {

    private String speaker;
    private String event;

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    @BeforeEach
    void speakerAndEvent() {
        speaker = createPerson(unique("Marco Rubio"));
        event = createEvent(unique("Phone call"), "2025-05-11");
    }

    private String create(String statedOn, Map<String, Object> changes) {
        Map<String, Object> body = statementBody(speaker, event, statedOn);
        body.putAll(changes);
        return createStatement(body);
    }

    /** The ids of the speaker's statements, in the order the list answers them. */
    private List<String> listed(Map<String, ?> params) {
        var request = anonymous().queryParam("speakerId", speaker).queryParam("size", 100);
        params.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                request.queryParam(name, values.toArray());
            } else {
                request.queryParam(name, value);
            }
        });
        return request.get(STATEMENTS)
                .then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
    }

    // --- Create and read -----------------------------------------------------------------------------------------

    @Test
    void createAnswers201WithLocationEtagAndEmbeddedSummaries() {
        String ministry = createOrganization(unique("U.S. Department of State"));
        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("kind", "READOUT");
        body.put("speakerRole", "Secretary of State");
        body.put("onBehalfOfId", ministry);
        body.put("context", "Readout of the Rubio–Lammy call");
        body.put("topics", List.of("Ukraine", "ceasefire", "UKRAINE", " Diplomacy "));
        Map<String, Object> source = source("Kyiv Post", "https://www.kyivpost.com/post/52360");
        source.put("author", "Alex Raufoglu");
        source.put("publishedOn", "2025-05-12");
        body.put("sources", List.of(source));

        Response created = asEditor().contentType("application/json").body(body).post(STATEMENTS);
        created.then().statusCode(201)
                .header("ETag", "\"0\"")
                .body("id", notNullValue())
                .body("text", equalTo(body.get("text")))
                .body("kind", equalTo("READOUT"))
                .body("speakerId", equalTo(speaker))
                .body("speaker.id", equalTo(speaker))
                .body("speaker.kind", equalTo("PERSON"))
                .body("speakerRole", equalTo("Secretary of State"))
                .body("onBehalfOfId", equalTo(ministry))
                .body("onBehalfOf.kind", equalTo("ORGANIZATION"))
                .body("statedOn", equalTo("2025-05-11"))
                .body("eventId", equalTo(event))
                .body("event.id", equalTo(event))
                .body("event.startDate", equalTo("2025-05-11"))
                .body("context", equalTo("Readout of the Rubio–Lammy call"))
                .body("language", equalTo("en"))
                .body("topics", contains("ukraine", "ceasefire", "diplomacy"))
                .body("sources[0].publisher", equalTo("Kyiv Post"))
                .body("sources[0].url", equalTo("https://www.kyivpost.com/post/52360"))
                .body("sources[0].author", equalTo("Alex Raufoglu"))
                .body("sources[0].publishedOn", equalTo("2025-05-12"))
                .body("version", equalTo(0));
        String id = created.path("id");
        assertThat(created.header("Location"), endsWith(STATEMENTS + "/" + id));

        anonymous().get(created.header("Location")).then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("id", equalTo(id))
                .body("topics", contains("ukraine", "ceasefire", "diplomacy"))
                .body("onBehalfOf.id", equalTo(ministry));
    }

    @Test
    void textIsKeptExactly() {
        String text = "“We’re not going to let [Rubio] — or anyone — tell us what to do,” he said…\n"
                + "  Erdoğan: «Ateşkes» 停火 🇺🇦  \t(sic) ";
        String id = create("2025-05-11", Map.of("text", text, "language", "tr"));

        String stored = anonymous().get(STATEMENTS + "/" + id).then().statusCode(200).extract().path("text");
        assertEquals(text, stored);
    }

    @Test
    void textUpTo50000CharactersIsAccepted() {
        String longest = "a".repeat(49_999) + "’";
        String id = create("2025-05-11", Map.of("text", longest));
        String stored = anonymous().get(STATEMENTS + "/" + id).then().statusCode(200).extract().path("text");
        assertEquals(longest, stored);

        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("text", longest + "a");
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("text"));
    }

    @Test
    void languageIsCanonicalAndDefaultsToEnglish() {
        String id = create("2025-05-11", Map.of("language", "pt-br"));
        anonymous().get(STATEMENTS + "/" + id).then().body("language", equalTo("pt-BR"));

        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("language", "not a language");
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("language"));
    }

    @Test
    void bodyFieldsAreValidatedByJsonPath() {
        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("text", "   ");
        body.put("topics", List.of("fine", "not ok!"));
        body.put("sources", List.of(source("Wire", "https://example.net/a"), source("", "ftp://example.net/b")));
        body.remove("kind");
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field",
                        contains("kind", "sources[1].publisher", "sources[1].url", "text", "topics[1]"));

        body = statementBody(speaker, event, "2025-05-11");
        body.put("sources", List.of());
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("sources"));
    }

    // --- Integrity -------------------------------------------------------------------------------------------------

    @Test
    void referencesMustExist() {
        Map<String, Object> body = statementBody("no-such-speaker", event, "2025-05-11");
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 422, "invalid-reference")
                .then().body("violations.field", contains("speakerId"));

        body = statementBody(speaker, "no-such-event", "2025-05-11");
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 422, "invalid-reference")
                .then().body("violations.field", contains("eventId"));

        body = statementBody(speaker, event, "2025-05-11");
        body.put("onBehalfOfId", "no-such-organization");
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 422, "invalid-reference")
                .then().body("violations.field", contains("onBehalfOfId"));

        anonymous().queryParam("speakerId", speaker).get(STATEMENTS).then().body("total", equalTo(0));
    }

    @Test
    void onBehalfOfMustBeAnOrganization() {
        Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
        body.put("onBehalfOfId", createPerson());
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 422, "invalid-reference")
                .then().body("violations.field", contains("onBehalfOfId"));

        String id = create("2025-05-11", Map.of());
        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"onBehalfOfId\": \"" + speaker + "\"}")
                .patch(STATEMENTS + "/" + id), 422, "invalid-reference");
        anonymous().get(STATEMENTS + "/" + id).then().body("onBehalfOfId", nullValue()).body("version", equalTo(0));
    }

    // --- Replace, patch, delete ------------------------------------------------------------------------------------

    @Test
    void putReplacesTheWholeStatement() {
        String ministry = createOrganization(unique("Ministry"));
        String id = create("2025-05-11", Map.of("onBehalfOfId", ministry, "context", "old", "topics", List.of("a")));
        String otherEvent = createEvent(unique("Briefing"), "2025-05-12");

        Map<String, Object> replacement = statementBody(speaker, otherEvent, "2025-05-12");
        replacement.put("kind", "PARAPHRASE");
        asEditor().contentType("application/json").body(replacement).put(STATEMENTS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("text", equalTo(replacement.get("text")))
                .body("kind", equalTo("PARAPHRASE"))
                .body("eventId", equalTo(otherEvent))
                .body("event.id", equalTo(otherEvent))
                .body("statedOn", equalTo("2025-05-12"))
                .body("onBehalfOfId", nullValue())
                .body("onBehalfOf", nullValue())
                .body("context", nullValue())
                .body("topics", equalTo(List.of()))
                .body("version", equalTo(1));
    }

    @Test
    void mergePatchReplacesListsWholeAndNullClears() {
        String ministry = createOrganization(unique("Ministry"));
        String id = create("2025-05-11", Map.of("onBehalfOfId", ministry, "context", "Readout", "language", "uk",
                "topics", List.of("ukraine", "ceasefire")));

        asEditor().contentType(MERGE_PATCH)
                .body("{\"onBehalfOfId\": null, \"context\": null, \"language\": null, \"topics\": [\"Sanctions\"]}")
                .patch(STATEMENTS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("onBehalfOfId", nullValue())
                .body("onBehalfOf", nullValue())
                .body("context", nullValue())
                .body("language", equalTo("en"))
                .body("topics", contains("sanctions"))
                .body("speakerId", equalTo(speaker))
                .body("sources[0].publisher", equalTo("Test Wire"));

        asEditor().contentType(MERGE_PATCH).body("{\"sources\": [{\"publisher\": \"Reuters\"}]}")
                .patch(STATEMENTS + "/" + id)
                .then().statusCode(200)
                .body("sources.publisher", contains("Reuters"))
                .body("sources[0].url", nullValue())
                .body("version", equalTo(2));
    }

    @Test
    void mergePatchWithoutChangesKeepsTheVersion() {
        String id = create("2025-05-11", Map.of("topics", List.of("ukraine")));
        asEditor().contentType(MERGE_PATCH).body("{\"kind\": \"QUOTE\", \"topics\": [\"Ukraine\"]}")
                .patch(STATEMENTS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("version", equalTo(0));
    }

    @Test
    void mergePatchCanMoveAStatementToAnotherSpeakerButNotToAMissingOne() {
        String id = create("2025-05-11", Map.of());
        String other = createPerson();

        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"speakerId\": \"no-such-speaker\"}")
                .patch(STATEMENTS + "/" + id), 422, "invalid-reference")
                .then().body("violations.field", contains("speakerId"));

        asEditor().contentType(MERGE_PATCH).body("{\"speakerId\": \"" + other + "\"}").patch(STATEMENTS + "/" + id)
                .then().statusCode(200)
                .body("speakerId", equalTo(other))
                .body("speaker.id", equalTo(other));
        assertEquals(List.of(), listed(Map.of()));
    }

    @Test
    void etagConditionsOnStatements() {
        String id = create("2025-05-11", Map.of());
        anonymous().header("If-None-Match", "\"0\"").get(STATEMENTS + "/" + id)
                .then().statusCode(304).body(emptyString());

        asEditor().contentType(MERGE_PATCH).body("{\"kind\": \"PARTIAL_QUOTE\"}").patch(STATEMENTS + "/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");

        Map<String, Object> replacement = statementBody(speaker, event, "2025-05-12");
        assertProblem(asEditor().header("If-Match", "\"0\"").contentType("application/json").body(replacement)
                .put(STATEMENTS + "/" + id), 412, "stale-version");
        assertProblem(asEditor().header("If-Match", "W/\"0\"").contentType(MERGE_PATCH)
                .body("{\"kind\": \"QUOTE\"}").patch(STATEMENTS + "/" + id), 412, "stale-version");
        assertProblem(asAdmin().header("If-Match", "\"0\"").delete(STATEMENTS + "/" + id), 412, "stale-version");

        anonymous().get(STATEMENTS + "/" + id).then().statusCode(200)
                .body("kind", equalTo("PARTIAL_QUOTE"))
                .body("statedOn", equalTo("2025-05-11"))
                .body("version", equalTo(1));

        asAdmin().header("If-Match", "\"1\"").delete(STATEMENTS + "/" + id).then().statusCode(204);
        assertProblem(anonymous().get(STATEMENTS + "/" + id), 404, "not-found");
    }

    @Test
    void purgingTheLastStatementReleasesSpeakerAndEvent() {
        String id = create("2025-05-11", Map.of());
        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);
        asAdmin().post(STATEMENTS + "/" + id + "/purge").then().statusCode(204);
        asAdmin().delete(EVENTS + "/" + event).then().statusCode(204);
        asAdmin().delete(SPEAKERS + "/" + speaker).then().statusCode(204);
    }

    // --- Lists -------------------------------------------------------------------------------------------------------

    @Test
    void filtersByKindTopicLanguageAndPublisher() {
        String quote = create("2025-05-01", Map.of("kind", "QUOTE", "topics", List.of("ukraine", "ceasefire"),
                "language", "en-GB"));
        String readout = create("2025-05-02", Map.of("kind", "READOUT", "topics", List.of("trade"),
                "sources", List.of(source("Kyiv Post", "https://www.kyivpost.com/post/1"))));
        String paraphrase = create("2025-05-03", Map.of("kind", "PARAPHRASE", "language", "fr",
                "sources", List.of(source("Le Monde", null), source("kyiv post", null))));

        assertEquals(List.of(quote), listed(Map.of("kind", "quote")));
        assertEquals(List.of(paraphrase, readout), listed(Map.of("kind", List.of("READOUT", "PARAPHRASE"))));
        assertEquals(List.of(quote), listed(Map.of("topic", "Ceasefire")));
        assertEquals(List.of(readout, quote), listed(Map.of("topic", List.of("trade", "ukraine"))));
        assertEquals(List.of(readout, quote), listed(Map.of("language", "en")));
        assertEquals(List.of(quote), listed(Map.of("language", "en-gb")));
        assertEquals(List.of(paraphrase), listed(Map.of("language", "fr")));
        assertEquals(List.of(paraphrase, readout), listed(Map.of("publisher", "KYIV POST")));
        assertEquals(List.of(), listed(Map.of("publisher", "Kyiv")));
        assertEquals(List.of(readout), listed(Map.of("publisher", "kyiv post", "kind", "READOUT")));
    }

    @Test
    void dateRangeIsInclusive() {
        String first = create("2025-05-01", Map.of());
        String second = create("2025-05-02", Map.of());
        String third = create("2025-05-03", Map.of());

        assertEquals(List.of(third, second), listed(Map.of("from", "2025-05-02")));
        assertEquals(List.of(second, first), listed(Map.of("to", "2025-05-02")));
        assertEquals(List.of(second), listed(Map.of("from", "2025-05-02", "to", "2025-05-02")));
        assertEquals(List.of(), listed(Map.of("from", "2025-05-04")));
    }

    @Test
    void filtersByEventAndCombinesSpeakersAsAlternatives() {
        String otherSpeaker = createPerson();
        String otherEvent = createEvent(unique("Summit"), "2025-05-20");
        String here = create("2025-05-11", Map.of());
        String elsewhere = create("2025-05-20", Map.of("eventId", otherEvent));
        String byOther = createStatement(statementBody(otherSpeaker, otherEvent, "2025-05-21"));

        anonymous().queryParam("eventId", otherEvent).get(STATEMENTS).then().statusCode(200)
                .body("items.id", contains(byOther, elsewhere)).body("total", equalTo(2));
        anonymous().queryParam("speakerId", speaker, otherSpeaker).get(STATEMENTS).then().statusCode(200)
                .body("items.id", contains(byOther, elsewhere, here));
        anonymous().queryParam("speakerId", speaker).queryParam("eventId", event).get(STATEMENTS).then()
                .statusCode(200).body("items.id", contains(here));
    }

    @Test
    void sortsByStatedOnWithIdAsTiebreak() {
        create("2025-05-02", Map.of());
        create("2025-05-01", Map.of());
        create("2025-05-02", Map.of());
        create("2025-05-03", Map.of());

        List<Map<String, Object>> newest = anonymous().queryParam("speakerId", speaker).get(STATEMENTS)
                .then().statusCode(200).extract().jsonPath().getList("items");
        List<Map<String, Object>> expected = new ArrayList<>(newest);
        expected.sort(Comparator.<Map<String, Object>, String>comparing(s -> (String) s.get("statedOn"))
                .thenComparing(s -> (String) s.get("id")).reversed());
        assertEquals(ids(expected), ids(newest));
        assertEquals(List.of("2025-05-03", "2025-05-02", "2025-05-02", "2025-05-01"), dates(newest));

        List<Map<String, Object>> oldest = anonymous().queryParam("speakerId", speaker)
                .queryParam("sort", "statedOn").get(STATEMENTS)
                .then().statusCode(200).extract().jsonPath().getList("items");
        List<String> reversed = new ArrayList<>(ids(newest));
        Collections.reverse(reversed);
        assertEquals(reversed, ids(oldest));

        assertEquals(ids(newest), listed(Map.of("sort", "-statedOn")));
    }

    @Test
    void pagesAreDisjointAndCoverTheWholeList() {
        List<String> created = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            created.add(create("2025-05-0" + day, Map.of()));
        }
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Response response = anonymous().queryParam("speakerId", speaker)
                    .queryParam("size", 2).queryParam("page", page).get(STATEMENTS);
            response.then().statusCode(200)
                    .body("page", equalTo(page))
                    .body("size", equalTo(2))
                    .body("total", equalTo(5));
            seen.addAll(response.jsonPath().getList("items.id", String.class));
        }
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);

        anonymous().queryParam("speakerId", speaker).queryParam("size", 2).queryParam("page", 3).get(STATEMENTS)
                .then().statusCode(200).body("items", equalTo(List.of())).body("total", equalTo(5));
    }

    // --- Statements of a speaker or an event -------------------------------------------------------------------------

    @Test
    void statementsOfASpeaker() {
        String quote = create("2025-05-11", Map.of());
        String readout = create("2025-05-12", Map.of("kind", "READOUT"));
        createStatement(statementBody(createPerson(), event, "2025-05-11"));

        anonymous().get(SPEAKERS + "/" + speaker + "/statements").then().statusCode(200)
                .body("items.id", contains(readout, quote))
                .body("total", equalTo(2));
        anonymous().queryParam("kind", "QUOTE").get(SPEAKERS + "/" + speaker + "/statements").then()
                .statusCode(200).body("items.id", contains(quote));
        anonymous().queryParam("sort", "statedOn").queryParam("size", 1)
                .get(SPEAKERS + "/" + speaker + "/statements").then()
                .statusCode(200).body("items.id", contains(quote)).body("total", equalTo(2));

        assertProblem(anonymous().get(SPEAKERS + "/no-such-speaker/statements"), 404, "not-found");
    }

    @Test
    void statementsOfAnEvent() {
        String mine = create("2025-05-11", Map.of());
        String theirs = createStatement(statementBody(createPerson(), event, "2025-05-12"));
        create("2025-05-13", Map.of("eventId", createEvent()));

        anonymous().get(EVENTS + "/" + event + "/statements").then().statusCode(200)
                .body("items.id", contains(theirs, mine))
                .body("items.eventId", containsInAnyOrder(event, event))
                .body("total", equalTo(2));
        anonymous().queryParam("from", "2025-05-12").get(EVENTS + "/" + event + "/statements").then()
                .statusCode(200).body("items.id", contains(theirs));

        assertProblem(anonymous().get(EVENTS + "/no-such-event/statements"), 404, "not-found");
    }

    private static List<String> ids(List<Map<String, Object>> items) {
        return items.stream().map(s -> (String) s.get("id")).toList();
    }

    private static List<String> dates(List<Map<String, Object>> items) {
        return items.stream().map(s -> (String) s.get("statedOn")).toList();
    }
}

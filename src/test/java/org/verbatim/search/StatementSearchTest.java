package org.verbatim.search;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.*;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.verbatim.statement.StatementReads;
import org.verbatim.statement.StatementResponse;

/**
 * Full-text search through the API. A corpus of statements, tagged with a topic of its own so that nothing else in
 * the database competes, and queries with the statement that must rank in the top three.
 */
@QuarkusTest
class StatementSearchTest {

    private static final String TOPIC = "corpus-" + suffix();
    private static final Map<String, String> IDS = new HashMap<>();

    @Inject
    StatementReads reads;
    @Inject
    SearchIndex index;

    /** Created once for the class, when the first test runs (the service is up by then). */
    @BeforeEach
    void corpus() {
        logFailures();
        if (!IDS.isEmpty()) {
            return;
        }
        Map<String, String> speakers = new HashMap<>();
        for (String name : List.of("Emmanuel Macron", "David Lammy", "Volodymyr Zelensky", "Marco Rubio",
                "Recep Tayyip Erdoğan", "Friedrich Merz", "Scott Cullinane", "Keir Starmer", "Donald Trump",
                "Ursula von der Leyen", "Mark Rutte")) {
            speakers.put(name.substring(name.lastIndexOf(' ') + 1), createPerson(name));
        }
        String event = createEvent(unique("Corpus event"), "2025-05-10");
        String[][] corpus = {
                {"ceasefire30", "Macron", "2025-05-10", "en", "We are calling for an immediate and unconditional 30-day ceasefire"},
                {"ceasefires", "Lammy", "2025-05-20", "en", "Ceasefires only work when both sides respect them"},
                {"warEnd", "Zelensky", "2025-05-11", "en", "The war must end, and it must end with a just peace"},
                {"spending", "Rutte", "2025-06-25", "en", "Allies agreed to raise defence spending to five percent of GDP"},
                {"burden", "Rubio", "2025-05-14", "en", "Burden sharing is not optional for the members of this alliance"},
                {"istanbul", "Erdoğan", "2025-05-12", "en", "Türkiye is ready to host direct negotiations in Istanbul"},
                {"french", "Macron", "2025-05-10", "fr", "Nous soutenons l’Ukraine jusqu’à une paix juste et durable"},
                {"german", "Merz", "2025-05-10", "de", "Die Waffenruhe muss ab Montag gelten"},
                {"sanctions", "Leyen", "2025-05-21", "en", "Sanctions on Russian energy exports will be tightened further"},
                {"kremlin", "Cullinane", "2025-05-12", "en", "The Kremlin is not interested in real diplomacy"},
                {"fighting", "Rubio", "2025-05-11", "en", "We discussed ending the fighting in Ukraine"},
                {"energy", "Leyen", "2025-03-01", "en", "Energy prices are rising across Europe this winter"},
                {"hague", "Rutte", "2025-06-01", "en", "The summit in The Hague will focus on defence investment"},
                {"missile", "Zelensky", "2025-05-18", "en", "Russia launched another missile strike on Kyiv overnight"},
                {"guarantees", "Starmer", "2025-05-10", "en", "A lasting peace requires security guarantees for Ukraine"},
                {"fairShare", "Trump", "2025-06-24", "en", "Every ally must pay its fair share for defense"},
                {"trueDiplomacy", "Cullinane", "2025-05-12", "en", "But just meeting for talks isn’t the same as true diplomacy."},
                {"talksEnded", "Erdoğan", "2025-05-16", "en", "The talks ended without an agreement on a ceasefire"},
        };
        for (String[] row : corpus) {
            Map<String, Object> body = statementBody(speakers.get(row[1]), event, row[2]);
            body.put("text", row[4]);
            body.put("language", row[3]);
            body.put("topics", List.of(TOPIC));
            IDS.put(row[0], createStatement(body));
        }
    }

    private static List<String> top(String q, int n) {
        List<String> ids = anonymous().queryParam("q", q).queryParam("topic", TOPIC).queryParam("size", n)
                .get(STATEMENTS).then().statusCode(200).extract().path("items.id");
        return ids;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", value = {
            "ceasefires => ceasefire30",                 // stemming: plural finds singular
            "ceasefire => ceasefires",                    // and singular finds plural
            "ending the war => warEnd",                   // "ending" finds "end"
            "\"30-day ceasefire\" => ceasefire30",         // phrase with a hyphen
            "erdogan istanbul => istanbul",               // accent folding on the speaker's name
            "burden sharing => burden",
            "fair share => fairShare",
            "isn't diplomacy => trueDiplomacy",           // straight apostrophe finds the curly one
            "defence OR defense => fairShare",            // alternatives
            "sanction* => sanctions",                     // prefix
            "Waffenruhe => german",                       // other languages are searched too
            "soutenons ukraine => french",
            "missile kyiv => missile",
            "security guarantees peace => guarantees",
            "talks -ceasefire => trueDiplomacy",          // exclusion
    })
    void expectedStatementIsInTheTopThree(String query, String expected) {
        List<String> top = top(query, 3);
        assertTrue(top.contains(IDS.get(expected)), query + ": expected " + expected + " in the top 3, got " + top);
    }

    @Test
    void excludedWordsLeaveNoMatchBehind() {
        List<String> found = top("diplomacy -kremlin", 20);
        assertTrue(found.contains(IDS.get("trueDiplomacy")));
        assertTrue(!found.contains(IDS.get("kremlin")), "excluded statement came back: " + found);
    }

    @Test
    void wordsAreAllRequired() {
        List<String> found = top("ceasefire agreement", 20);
        assertTrue(found.equals(List.of(IDS.get("talksEnded"))), "expected only talksEnded, got " + found);
    }

    @Test
    void highlightMarksTheMatchedWordsInEscapedText() {
        anonymous().queryParam("q", "ceasefires").queryParam("topic", TOPIC).get(STATEMENTS)
                .then().statusCode(200)
                .body("items.find { it.id == '" + IDS.get("ceasefires") + "' }.highlight",
                        equalTo("<mark>Ceasefires</mark> only work when both sides respect them"));
    }

    @Test
    void markupInAStatementIsEscapedInTheHighlight() {
        String speaker = createPerson();
        Map<String, Object> body = statementBody(speaker, createEvent(), "2025-01-01");
        String word = "scriptword" + suffix();
        body.put("text", "<script>alert('" + word + "')</script> & more");
        String id = createStatement(body);
        String highlight = anonymous().queryParam("q", word).get(STATEMENTS)
                .then().statusCode(200).body("items.id", contains(id))
                .extract().path("items[0].highlight");
        assertTrue(highlight.startsWith("&lt;script&gt;alert(") && highlight.contains("<mark>" + word + "</mark>")
                && highlight.endsWith("&amp; more") && !highlight.contains("<script") && !highlight.contains("'"),
                highlight);
    }

    @Test
    void filtersCombineWithTheQuery() {
        anonymous().queryParam("q", "ukraine").queryParam("topic", TOPIC).queryParam("language", "fr")
                .get(STATEMENTS).then().statusCode(200).body("items.id", contains(IDS.get("french")));
        anonymous().queryParam("q", "peace").queryParam("topic", TOPIC).queryParam("from", "2025-05-11")
                .queryParam("to", "2025-05-11").get(STATEMENTS)
                .then().statusCode(200).body("items.id", contains(IDS.get("warEnd")));
    }

    @Test
    void facetsCountAllMatchesWithNames() {
        anonymous().queryParam("q", "ceasefire OR ceasefires").queryParam("topic", TOPIC)
                .queryParam("facets", "speaker,kind,year,topic,publisher,event").get(STATEMENTS)
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("facets.kind[0].value", equalTo("QUOTE"))
                .body("facets.kind[0].count", equalTo(3))
                .body("facets.year[0].value", equalTo("2025"))
                .body("facets.topic[0].value", equalTo(TOPIC))
                .body("facets.publisher[0].value", equalTo("Test Wire"))
                .body("facets.speaker.label", hasItem("Recep Tayyip Erdoğan"))
                .body("facets.speaker.count", everyItem(equalTo(1)))
                .body("facets.event[0].count", equalTo(3));
        // The total stays exact when a page holds fewer hits than there are.
        anonymous().queryParam("q", "ceasefire OR ceasefires").queryParam("topic", TOPIC)
                .queryParam("facets", "kind").queryParam("size", 1).queryParam("page", 1).get(STATEMENTS)
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items", hasSize(1))
                .body("facets.kind[0].count", equalTo(3));
    }

    @Test
    void listsWithoutWordsCountTheSameFromTheIndexAndFromTheDatabase() {
        // Page 0 is found by the index; a page beyond the index's depth by the database.
        int fromIndex = anonymous().queryParam("topic", TOPIC).get(STATEMENTS).then().statusCode(200)
                .body("items", not(empty())).extract().path("total");
        anonymous().queryParam("topic", TOPIC).queryParam("page", 100).queryParam("size", 100).get(STATEMENTS)
                .then().statusCode(200).body("total", equalTo(fromIndex)).body("items", empty());
        anonymous().queryParam("topic", TOPIC).get(STATEMENTS).then().body("items[0].highlight", nullValue());
        // A search pages no deeper than a search cluster would, on either backend.
        anonymous().queryParam("q", "ceasefire").queryParam("page", 99).queryParam("size", 100).get(STATEMENTS)
                .then().statusCode(200);
        assertProblem(anonymous().queryParam("q", "ceasefire").queryParam("page", 100).queryParam("size", 100)
                .get(STATEMENTS), 400, "validation-failed").then().body("violations.field", contains("page"));
        assertProblem(anonymous().queryParam("facets", "kind").queryParam("page", 10_000).get(STATEMENTS), 400,
                "validation-failed");
    }

    @Test
    void sortByDateOverridesRelevance() {
        List<String> byDate = anonymous().queryParam("q", "ceasefire OR ceasefires").queryParam("topic", TOPIC)
                .queryParam("sort", "statedOn").get(STATEMENTS).then().statusCode(200).extract().path("items.statedOn");
        List<String> sorted = new ArrayList<>(byDate);
        sorted.sort(String::compareTo);
        assertTrue(byDate.equals(sorted) && byDate.size() == 3, byDate.toString());
    }

    @Test
    void anythingTypedIsAnsweredWithoutError() {
        for (String q : List.of("\"", "((", "-", "*", "OR", "AND OR -", "a\"b\"c\"", "~~~", "\\", "+|+",
                "ceasefire\" OR (", "x".repeat(500))) {
            anonymous().queryParam("q", q).get(STATEMENTS).then().statusCode(200);
        }
        assertProblem(anonymous().queryParam("q", "x".repeat(501)).get(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("q"));
        assertProblem(anonymous().queryParam("facets", "colour").get(STATEMENTS), 400, "validation-failed")
                .then().body("violations.field", contains("facets"));
    }

    @Test
    void theIndexFollowsChangesAndDeletes() {
        String speaker = createPerson();
        String before = "alphaword" + suffix();
        String after = "betaword" + suffix();
        Map<String, Object> body = statementBody(speaker, createEvent(), "2025-02-02");
        body.put("text", "First " + before);
        String id = createStatement(body);
        anonymous().queryParam("q", before).get(STATEMENTS).then().body("items.id", contains(id));

        asEditor().contentType(MERGE_PATCH).body(Map.of("text", "Now " + after))
                .patch(STATEMENTS + "/" + id).then().statusCode(200);
        anonymous().queryParam("q", after).get(STATEMENTS).then().body("items.id", contains(id));
        anonymous().queryParam("q", before).get(STATEMENTS).then().body("items", empty());

        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);
        anonymous().queryParam("q", after).get(STATEMENTS).then().body("items", empty()).body("total", equalTo(0));
    }

    @Test
    void aRejectedWriteLeavesNothingInTheIndex() {
        String word = "ghostword" + suffix();
        Map<String, Object> body = statementBody(createPerson(), "no-such-event", "2025-02-02");
        body.put("text", word);
        assertProblem(asEditor().contentType("application/json").body(body).post(STATEMENTS), 422,
                "invalid-reference");
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void renamingASpeakerReachesTheirStatements() {
        String speaker = createPerson(unique("Oldname"));
        String id = createStatement(speaker, createEvent(), "2025-03-03");
        String newName = "Newname" + suffix();
        asEditor().contentType(MERGE_PATCH).body(Map.of("name", newName))
                .patch(SPEAKERS + "/" + speaker).then().statusCode(200);
        anonymous().queryParam("q", newName).get(STATEMENTS).then().statusCode(200).body("items.id", contains(id));
    }

    @Test
    void aHitShowsTheStatementAsItIsReadAfterEveryKindOfChange() {
        String speaker = createPerson(unique("Hitspeaker"));
        String organisation = createOrganization(unique("Hitorg"));
        String event = createEvent(unique("Hit event"), "2025-04-04");
        String word = "hitword" + suffix();
        Map<String, Object> body = statementBody(speaker, event, "2025-04-04");
        body.put("text", "First " + word);
        body.put("onBehalfOfId", organisation);
        body.put("topics", List.of("hits"));
        String id = createStatement(body);
        assertHitIsAsRead(word, id);

        asEditor().contentType(MERGE_PATCH).header("If-Match", "\"0\"")
                .body(Map.of("text", "Second " + word, "context", "Said twice", "topics", List.of("hits", "more")))
                .patch(STATEMENTS + "/" + id).then().statusCode(200);
        assertHitIsAsRead(word, id);
        asEditor().contentType("application/json").header("If-Match", "\"1\"")
                .body(Map.of("publisher", "Other Wire", "url", "https://example.org/news/2", "publishedOn", "2025-04-03"))
                .post(STATEMENTS + "/" + id + "/sources").then().statusCode(200);
        assertHitIsAsRead(word, id);
        asEditor().contentType(MERGE_PATCH).body(Map.of("name", unique("Renamed speaker"), "kind", "PERSON"))
                .patch(SPEAKERS + "/" + speaker).then().statusCode(200);
        asEditor().contentType(MERGE_PATCH).body(Map.of("name", unique("Renamed org")))
                .patch(SPEAKERS + "/" + organisation).then().statusCode(200);
        asEditor().contentType(MERGE_PATCH).body(Map.of("name", unique("Renamed event"), "startDate", "2025-04-03"))
                .patch(EVENTS + "/" + event).then().statusCode(200);
        assertHitIsAsRead(word, id);
    }

    /** The search's only hit is the statement exactly as reading it by id shows it, with a highlight besides. */
    private static void assertHitIsAsRead(String word, String id) {
        Map<String, Object> read = anonymous().get(STATEMENTS + "/" + id).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        List<Map<String, Object>> hits = anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertEquals(1, hits.size(), hits.toString());
        Map<String, Object> hit = new HashMap<>(hits.get(0));
        assertTrue(String.valueOf(hit.remove("highlight")).contains("<mark>" + word + "</mark>"), hit.toString());
        assertEquals(read, hit);
    }

    @Test
    void aDocumentThatDoesNotHoldItsStatementIsShownFromTheDatabase() {
        String word = "olddocword" + suffix();
        Map<String, Object> body = statementBody(createPerson(), createEvent(), "2025-04-05");
        body.put("text", "Indexed long ago: " + word);
        String missing = createStatement(body);
        body.put("text", "Indexed by another version: " + word);
        String unreadable = createStatement(body);
        Map<String, StatementResponse> stored = QuarkusTransaction.requiringNew()
                .call(() -> reads.mapByIds(List.of(missing, unreadable)));
        // As an index written before documents held their statements, or in a form this version cannot read.
        index.apply(List.of(StatementDocument.of(stored.get(missing), null),
                StatementDocument.of(stored.get(unreadable), "{\"notAField\": 1}")), List.of());

        anonymous().queryParam("q", word).queryParam("sort", "statedOn").get(STATEMENTS).then().statusCode(200)
                .body("items.id", containsInAnyOrder(missing, unreadable))
                .body("items.text", containsInAnyOrder(stored.get(missing).text(), stored.get(unreadable).text()))
                .body("items.speaker.name", everyItem(equalTo(stored.get(missing).speaker().name())))
                .body("items.sources.url", everyItem(contains("https://example.org/news/1")))
                .body("items.highlight", everyItem(containsString("<mark>" + word + "</mark>")));
    }

    @Test
    void similarStatementsShareWords() {
        anonymous().queryParam("topic", TOPIC).get(STATEMENTS + "/" + IDS.get("ceasefires") + "/similar")
                .then().statusCode(200)
                .body("id", not(hasItem(IDS.get("ceasefires"))));
        // Other tests' statements share words too: look further than the first ten.
        List<String> similar = anonymous().queryParam("size", 100)
                .get(STATEMENTS + "/" + IDS.get("talksEnded") + "/similar")
                .then().statusCode(200).extract().path("id");
        assertTrue(similar.contains(IDS.get("ceasefires")) || similar.contains(IDS.get("ceasefire30")), similar.toString());
        assertProblem(anonymous().get(STATEMENTS + "/no-such-id/similar"), 404, "not-found");
    }

    @Test
    void theDemoArticleIsSearchable() {
        anonymous().queryParam("q", "\"immediate ceasefire\"").get(STATEMENTS)
                .then().statusCode(200)
                .body("items.text", hasItem(containsString("Our top priority remains bringing an end to the fighting")));
    }
}

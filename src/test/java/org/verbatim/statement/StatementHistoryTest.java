package org.verbatim.statement;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.EVENTS;
import static org.verbatim.TestData.MERGE_PATCH;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.createStatement;
import static org.verbatim.TestData.statementBody;
import static org.verbatim.TestData.suffix;
import static org.verbatim.TestData.unique;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

/** History of statements, and their life after deletion: hidden, listed for admins, restored or purged. */
@QuarkusTest
class StatementHistoryTest {

    private static final String DELETED = STATEMENTS + "/deleted";

    private String speaker;
    private String event;

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    @BeforeEach
    void speakerAndEvent() {
        speaker = createPerson(unique("Tammy Bruce"));
        event = createEvent(unique("Press briefing"), "2025-05-12");
    }

    private String create(Map<String, Object> changes) {
        Map<String, Object> body = statementBody(speaker, event, "2025-05-12");
        body.putAll(changes);
        return createStatement(body);
    }

    private static String history(String id) {
        return STATEMENTS + "/" + id + "/history";
    }

    private static JsonPath historyAsAdmin(String id) {
        return asAdmin().queryParam("size", 100).get(history(id)).then().statusCode(200).extract().jsonPath();
    }

    /** The ids of the deleted statements an admin sees, over all pages. */
    private static List<String> deletedIds() {
        return asAdmin().queryParam("size", 100).get(DELETED).then().statusCode(200)
                .extract().jsonPath().getList("items.statement.id", String.class);
    }

    // --- History -------------------------------------------------------------------------------------------------

    @Test
    void historyListsEveryRevisionNewestFirstWithWhoWhenAndTheWholeState() {
        String original = unique("We are ready to talk");
        String id = create(Map.of("text", original, "topics", List.of("ukraine"), "context", "Briefing"));
        asEditor().contentType(MERGE_PATCH).header("If-Match", "\"0\"")
                .body(Map.of("text", "We are ready to negotiate", "topics", List.of("ukraine", "ceasefire")))
                .patch(STATEMENTS + "/" + id).then().statusCode(200);
        asAdmin().header("If-Match", "\"1\"").delete(STATEMENTS + "/" + id).then().statusCode(204);
        asAdmin().header("If-Match", "\"2\"").post(STATEMENTS + "/" + id + "/restore").then().statusCode(200);

        JsonPath history = anonymous().get(history(id)).then().statusCode(200)
                .body("total", equalTo(4))
                .body("page", equalTo(0))
                .body("size", equalTo(20))
                .body("items.type", contains("RESTORED", "DELETED", "UPDATED", "CREATED"))
                .body("items.changedBy", contains("admin", "admin", "editor", "editor"))
                .body("items.changedAt", everyItem(notNullValue()))
                .body("items.state.id", everyItem(equalTo(id)))
                .body("items.state.version", contains(3, 2, 1, 0))
                .body("items.state.text", contains("We are ready to negotiate", "We are ready to negotiate",
                        "We are ready to negotiate", original))
                .body("items[3].state.topics", contains("ukraine"))
                .body("items[2].state.topics", contains("ukraine", "ceasefire"))
                .body("items[3].state.context", equalTo("Briefing"))
                .body("items[3].state.sources[0].publisher", equalTo("Test Wire"))
                .body("items[3].state.speaker.id", equalTo(speaker))
                .body("items[3].state.event.id", equalTo(event))
                .extract().jsonPath();
        List<Long> revisions = history.getList("items.revision", Long.class);
        for (int i = 1; i < revisions.size(); i++) {
            assertTrue(revisions.get(i - 1) > revisions.get(i), revisions::toString);
        }
    }

    @Test
    void historyIsPagedAndEachRevisionCanBeReadAlone() {
        String id = create(Map.of());
        for (int version = 0; version < 3; version++) {
            asEditor().contentType(MERGE_PATCH).body(Map.of("context", "Take " + version))
                    .patch(STATEMENTS + "/" + id).then().statusCode(200);
        }
        List<Map<String, Object>> all = historyAsAdmin(id).getList("items");
        assertEquals(4, all.size());

        anonymous().queryParam("page", 1).queryParam("size", 2).get(history(id)).then().statusCode(200)
                .body("total", equalTo(4))
                .body("page", equalTo(1))
                .body("size", equalTo(2))
                .body("items.revision", contains(all.get(2).get("revision"), all.get(3).get("revision")));
        anonymous().queryParam("page", 2).queryParam("size", 2).get(history(id)).then().statusCode(200)
                .body("total", equalTo(4))
                .body("items", empty());

        Object second = all.get(2).get("revision");
        anonymous().get(history(id) + "/" + second).then().statusCode(200)
                .body("revision", equalTo(second))
                .body("type", equalTo("UPDATED"))
                .body("changedBy", equalTo("editor"))
                .body("state.context", equalTo("Take 0"))
                .body("state.version", equalTo(1));
    }

    @Test
    void missingHistoryAndRevisionsAre404() {
        String id = create(Map.of());
        String other = create(Map.of());
        Object revisionOfOther = historyAsAdmin(other).getList("items.revision").get(0);

        assertProblem(anonymous().get(history("no-such-id")), 404, "not-found");
        assertProblem(asAdmin().get(history("no-such-id")), 404, "not-found");
        assertProblem(anonymous().get(history(id) + "/" + revisionOfOther), 404, "not-found")
                .then().body("detail", containsString(id));
        assertProblem(anonymous().get(history(id) + "/999999999999"), 404, "not-found");
        assertProblem(anonymous().get(history(id) + "/first"), 404, "not-found");
        assertProblem(anonymous().queryParam("size", 0).get(history(id)), 400, "validation-failed");
    }

    @Test
    void eachRevisionShowsTheSpeakerAsItWasThen() {
        String id = create(Map.of());
        String name = anonymous().get(SPEAKERS + "/" + speaker).then().extract().path("name");
        String renamed = unique("Tammy Bruce, spokesperson");
        asEditor().contentType(MERGE_PATCH).body(Map.of("name", renamed)).patch(SPEAKERS + "/" + speaker)
                .then().statusCode(200);
        asEditor().contentType(MERGE_PATCH).body(Map.of("context", "After the rename"))
                .patch(STATEMENTS + "/" + id).then().statusCode(200);

        anonymous().get(history(id)).then().statusCode(200)
                .body("items.state.speaker.name", contains(renamed, name));
    }

    // --- Soft delete ---------------------------------------------------------------------------------------------

    @Test
    void aDeletedStatementIsHiddenFromEveryRead() {
        String word = "hiddenword" + suffix();
        String topic = "hidden-" + suffix();
        String id = create(Map.of("text", "Talks on " + word + " resume", "topics", List.of(topic)));
        String sibling = create(Map.of("text", "Talks on " + word + " continue", "topics", List.of(topic)));
        anonymous().queryParam("q", word).get(STATEMENTS).then().body("items.id", hasItem(id));
        anonymous().get(STATEMENTS + "/" + sibling + "/similar").then().body("id", hasItem(id));

        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);

        assertProblem(anonymous().get(STATEMENTS + "/" + id), 404, "not-found");
        assertProblem(asAdmin().get(STATEMENTS + "/" + id), 404, "not-found");
        anonymous().queryParam("speakerId", speaker).get(STATEMENTS).then().statusCode(200)
                .body("items.id", contains(sibling)).body("total", equalTo(1));
        anonymous().queryParam("topic", topic).get(STATEMENTS).then().body("items.id", contains(sibling));
        anonymous().get(SPEAKERS + "/" + speaker + "/statements").then().body("items.id", contains(sibling));
        anonymous().get(EVENTS + "/" + event + "/statements").then().body("items.id", contains(sibling));
        anonymous().queryParam("q", word).queryParam("facets", "speaker,topic").get(STATEMENTS).then()
                .statusCode(200)
                .body("items.id", contains(sibling))
                .body("total", equalTo(1))
                .body("facets.speaker[0].count", equalTo(1))
                .body("facets.topic.find { it.value == '" + topic + "' }.count", equalTo(1));
        anonymous().get(STATEMENTS + "/" + sibling + "/similar").then().statusCode(200).body("id", not(hasItem(id)));
        assertProblem(anonymous().get(STATEMENTS + "/" + id + "/similar"), 404, "not-found");
        String export = anonymous().queryParam("topic", topic).get(STATEMENTS + "/export").then().statusCode(200)
                .extract().asString();
        assertTrue(export.contains(sibling) && !export.contains(id), export);
        String exportedByQuery = anonymous().queryParam("q", word).get(STATEMENTS + "/export").then()
                .statusCode(200).extract().asString();
        assertTrue(exportedByQuery.contains(sibling) && !exportedByQuery.contains(id), exportedByQuery);

        // Writes see it as gone too.
        assertProblem(asEditor().contentType(MERGE_PATCH).body(Map.of("context", "x")).patch(STATEMENTS + "/" + id),
                404, "not-found");
        assertProblem(asEditor().contentType("application/json").body(statementBody(speaker, event, "2025-05-12"))
                .put(STATEMENTS + "/" + id), 404, "not-found");
        assertProblem(asAdmin().delete(STATEMENTS + "/" + id), 404, "not-found");
    }

    @Test
    void onlyAdminsSeeDeletedStatementsAndTheirHistory() {
        String id = create(Map.of());
        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);

        asAdmin().queryParam("size", 100).get(DELETED).then().statusCode(200)
                .body("items.find { it.statement.id == '" + id + "' }.deletedAt", notNullValue())
                .body("items.find { it.statement.id == '" + id + "' }.statement.version", equalTo(1));
        assertProblem(asEditor().get(DELETED), 403, "forbidden");
        assertProblem(anonymous().get(DELETED), 401, "unauthorized");

        assertProblem(anonymous().get(history(id)), 404, "not-found");
        assertProblem(asEditor().get(history(id)), 404, "not-found");
        Object deletion = historyAsAdmin(id).getList("items.revision").get(0);
        assertProblem(anonymous().get(history(id) + "/" + deletion), 404, "not-found");
        asAdmin().get(history(id)).then().statusCode(200)
                .body("items.type", contains("DELETED", "CREATED"))
                .body("items[0].state.text", notNullValue());
        asAdmin().get(history(id) + "/" + deletion).then().statusCode(200)
                .body("type", equalTo("DELETED"))
                .body("changedBy", equalTo("admin"));
    }

    @Test
    void deletedStatementsAreListedMostRecentFirst() {
        String first = create(Map.of());
        String second = create(Map.of());
        asAdmin().delete(STATEMENTS + "/" + first).then().statusCode(204);
        asAdmin().delete(STATEMENTS + "/" + second).then().statusCode(204);
        List<String> deleted = deletedIds();
        assertTrue(deleted.indexOf(second) >= 0 && deleted.indexOf(second) < deleted.indexOf(first),
                deleted::toString);
        asAdmin().queryParam("size", 1).get(DELETED).then().statusCode(200)
                .body("size", equalTo(1))
                .body("items.size()", equalTo(1));
    }

    // --- Restore -------------------------------------------------------------------------------------------------

    @Test
    void restoreBringsTheStatementBackIntoReadsAndSearch() {
        String word = "restoreword" + suffix();
        String id = create(Map.of("text", "A " + word + " statement"));
        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);
        anonymous().queryParam("q", word).get(STATEMENTS).then().body("items", empty());

        assertProblem(asAdmin().header("If-Match", "\"0\"").post(STATEMENTS + "/" + id + "/restore"), 412,
                "stale-version");
        assertTrue(deletedIds().contains(id));
        asAdmin().header("If-Match", "\"1\"").post(STATEMENTS + "/" + id + "/restore").then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("id", equalTo(id))
                .body("version", equalTo(2))
                .body("text", equalTo("A " + word + " statement"));

        anonymous().get(STATEMENTS + "/" + id).then().statusCode(200).body("version", equalTo(2));
        anonymous().queryParam("q", word).get(STATEMENTS).then().body("items.id", contains(id));
        anonymous().queryParam("speakerId", speaker).get(STATEMENTS).then().body("items.id", contains(id));
        assertTrue(!deletedIds().contains(id));
        assertProblem(asAdmin().post(STATEMENTS + "/" + id + "/restore"), 409, "conflict");
        assertProblem(asAdmin().post(STATEMENTS + "/no-such-id/restore"), 404, "not-found");
    }

    // --- Purge ---------------------------------------------------------------------------------------------------

    @Test
    void purgeRemovesOnlyDeletedStatementsAndIsKeptInHistory() {
        String id = create(Map.of("text", "To be purged"));
        assertProblem(asAdmin().post(STATEMENTS + "/" + id + "/purge"), 409, "conflict");
        anonymous().get(STATEMENTS + "/" + id).then().statusCode(200);

        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);
        assertProblem(asAdmin().header("If-Match", "\"0\"").post(STATEMENTS + "/" + id + "/purge"), 412,
                "stale-version");
        asAdmin().header("If-Match", "\"1\"").post(STATEMENTS + "/" + id + "/purge").then().statusCode(204);

        assertTrue(!deletedIds().contains(id));
        assertProblem(asAdmin().post(STATEMENTS + "/" + id + "/restore"), 404, "not-found");
        assertProblem(asAdmin().post(STATEMENTS + "/" + id + "/purge"), 404, "not-found");
        assertProblem(anonymous().get(history(id)), 404, "not-found");
        asAdmin().get(history(id)).then().statusCode(200)
                .body("items.type", contains("PURGED", "DELETED", "CREATED"))
                .body("items[0].changedBy", equalTo("admin"))
                .body("items[0].state.text", equalTo("To be purged"))
                .body("items[0].state.sources[0].publisher", equalTo("Test Wire"))
                .body("items[0].state.version", equalTo(1));
    }

    @Test
    void onlyAdminsDeleteRestoreAndPurge() {
        String id = create(Map.of());
        assertProblem(asEditor().delete(STATEMENTS + "/" + id), 403, "forbidden");
        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);
        assertProblem(asEditor().post(STATEMENTS + "/" + id + "/restore"), 403, "forbidden");
        assertProblem(asEditor().post(STATEMENTS + "/" + id + "/purge"), 403, "forbidden");
        assertProblem(anonymous().post(STATEMENTS + "/" + id + "/purge"), 401, "unauthorized");
        assertTrue(deletedIds().contains(id));
    }

    // --- Speakers and events -------------------------------------------------------------------------------------

    @Test
    void deletedStatementsKeepTheirSpeakerAndEventUntilPurged() {
        String id = create(Map.of());
        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);

        assertProblem(asAdmin().delete(EVENTS + "/" + event), 409, "still-referenced")
                .then().body("detail", containsString(id)).body("detail", containsString("purge"));
        assertProblem(asAdmin().delete(SPEAKERS + "/" + speaker), 409, "still-referenced")
                .then().body("detail", containsString(id));

        asAdmin().post(STATEMENTS + "/" + id + "/purge").then().statusCode(204);
        asAdmin().delete(EVENTS + "/" + event).then().statusCode(204);
        asAdmin().delete(SPEAKERS + "/" + speaker).then().statusCode(204);
        // The purged statement's history still names who said it.
        asAdmin().get(history(id)).then().statusCode(200)
                .body("items[0].state.speaker.id", equalTo(speaker))
                .body("items[0].state.event.id", equalTo(event));
    }
}

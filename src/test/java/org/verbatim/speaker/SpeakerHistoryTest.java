package org.verbatim.speaker;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.verbatim.TestData.MERGE_PATCH;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createSpeaker;
import static org.verbatim.TestData.speakerBody;
import static org.verbatim.TestData.unique;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

@QuarkusTest
class SpeakerHistoryTest {

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    private static String history(String id) {
        return SPEAKERS + "/" + id + "/history";
    }

    @Test
    void historyKeepsEveryStateWithItsAliases() {
        Map<String, Object> body = speakerBody(unique("Marco Rubio"), "PERSON");
        body.put("aliases", List.of("Secretary Rubio"));
        String id = createSpeaker(body);
        asEditor().contentType(MERGE_PATCH).header("If-Match", "\"0\"")
                .body(Map.of("title", "Secretary of State", "aliases", List.of("Secretary Rubio", "Senator Rubio")))
                .patch(SPEAKERS + "/" + id).then().statusCode(200);

        anonymous().get(history(id)).then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.type", contains("UPDATED", "CREATED"))
                .body("items.changedBy", contains("editor", "editor"))
                .body("items.changedAt", everyItem(notNullValue()))
                .body("items.state.version", contains(1, 0))
                .body("items.state.title", contains("Secretary of State", null))
                .body("items[0].state.aliases", contains("Secretary Rubio", "Senator Rubio"))
                .body("items[1].state.aliases", contains("Secretary Rubio"));
    }

    @Test
    void theHistoryOfADeletedSpeakerIsForAdminsAndKeepsWhatWasDeleted() {
        Map<String, Object> body = speakerBody(unique("David Lammy"), "PERSON");
        body.put("aliases", List.of("Foreign Secretary"));
        String id = createSpeaker(body);
        asAdmin().header("If-Match", "\"0\"").delete(SPEAKERS + "/" + id).then().statusCode(204);

        assertProblem(anonymous().get(history(id)), 404, "not-found");
        assertProblem(asEditor().get(history(id)), 404, "not-found");
        Object deletion = asAdmin().get(history(id)).then().statusCode(200)
                .body("items.type", contains("DELETED", "CREATED"))
                .body("items[0].changedBy", equalTo("admin"))
                .body("items[0].state.name", equalTo(body.get("name")))
                .body("items[0].state.aliases", contains("Foreign Secretary"))
                .extract().path("items[0].revision");
        assertProblem(anonymous().get(history(id) + "/" + deletion), 404, "not-found");
        asAdmin().get(history(id) + "/" + deletion).then().statusCode(200)
                .body("type", equalTo("DELETED"))
                .body("state.id", equalTo(id));
    }

    @Test
    void revisionsAreReadOneByOne() {
        String id = createSpeaker(speakerBody(unique("Scott Cullinane"), "PERSON"));
        Object created = anonymous().get(history(id)).then().extract().path("items[0].revision");
        anonymous().get(history(id) + "/" + created).then().statusCode(200)
                .body("revision", equalTo(created))
                .body("type", equalTo("CREATED"))
                .body("state.id", equalTo(id));
        assertProblem(anonymous().get(history(id) + "/999999999999"), 404, "not-found");
        assertProblem(anonymous().get(history("no-such-id")), 404, "not-found");
        assertProblem(asAdmin().get(history("no-such-id") + "/1"), 404, "not-found");
    }

    @Test
    void theServiceItselfChangesAsSystem() {
        // The demo article is loaded at start, outside any request.
        String demo = anonymous().queryParam("q", "tammy bruce").queryParam("size", 100).get(SPEAKERS)
                .then().statusCode(200)
                .extract().jsonPath().getString("items.find { it.name == 'Tammy Bruce' }.id");
        anonymous().queryParam("page", 0).get(history(demo)).then().statusCode(200)
                .body("items[-1].type", equalTo("CREATED"))
                .body("items[-1].changedBy", equalTo("system"));
    }
}

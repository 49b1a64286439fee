package org.verbatim.event;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.verbatim.TestData.EVENTS;
import static org.verbatim.TestData.MERGE_PATCH;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.eventBody;
import static org.verbatim.TestData.unique;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

@QuarkusTest
class EventHistoryTest {

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    private static String history(String id) {
        return EVENTS + "/" + id + "/history";
    }

    @Test
    void historyKeepsTheParticipantsAsTheyWere() {
        String rubioName = unique("Marco Rubio");
        String rubio = createPerson(rubioName);
        String lammy = createPerson(unique("David Lammy"));
        Map<String, Object> body = eventBody(unique("Phone call"), "PHONE_CALL", "2025-05-11");
        body.put("participantIds", List.of(rubio));
        String id = createEvent(body);
        asEditor().contentType(MERGE_PATCH).header("If-Match", "\"0\"")
                .body(Map.of("participantIds", List.of(lammy, rubio), "description", "Readout"))
                .patch(EVENTS + "/" + id).then().statusCode(200);
        String renamed = unique("Secretary Rubio");
        asEditor().contentType(MERGE_PATCH).body(Map.of("name", renamed)).patch(SPEAKERS + "/" + rubio)
                .then().statusCode(200);

        anonymous().get(history(id)).then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.type", contains("UPDATED", "CREATED"))
                .body("items.state.version", contains(1, 0))
                .body("items.state.description", contains("Readout", null))
                .body("items[0].state.participantIds", contains(lammy, rubio))
                .body("items[1].state.participantIds", contains(rubio))
                // The speaker as the revision found it, not as it is now.
                .body("items[1].state.participants[0].name", equalTo(rubioName));
    }

    @Test
    void theHistoryOfADeletedEventIsForAdmins() {
        String rubio = createPerson(unique("Marco Rubio"));
        Map<String, Object> body = eventBody(unique("Summit"), "SUMMIT", "2025-06-24");
        body.put("participantIds", List.of(rubio));
        String id = createEvent(body);
        asAdmin().delete(EVENTS + "/" + id).then().statusCode(204);

        assertProblem(anonymous().get(history(id)), 404, "not-found");
        asAdmin().get(history(id)).then().statusCode(200)
                .body("items.type", contains("DELETED", "CREATED"))
                .body("items.changedBy", contains("admin", "editor"))
                .body("items[0].state.participantIds", contains(rubio));
        assertProblem(asAdmin().get(history(id) + "/0"), 404, "not-found");
    }
}

package org.verbatim.event;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.verbatim.TestData.EVENTS;
import static org.verbatim.TestData.MERGE_PATCH;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.eventBody;
import static org.verbatim.TestData.suffix;
import static org.verbatim.TestData.unique;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

@QuarkusTest
class EventResourceTest {

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    private static Map<String, Object> located(String name, String startDate, String endDate, String city,
            String country) {
        Map<String, Object> body = eventBody(name, "MEETING", startDate);
        body.put("endDate", endDate);
        body.put("location", Map.of("city", city, "country", country));
        return body;
    }

    @Test
    void createAnswers201WithLocationEtagAndParticipantsInOrder() {
        String lammy = createPerson(unique("David Lammy"));
        String rubio = createPerson(unique("Marco Rubio"));
        Map<String, Object> body = located(unique("NATO ministers"), "2025-05-14", "2025-05-15", "Antalya", "TR");
        body.put("participantIds", List.of(rubio, lammy));
        body.put("description", "Informal meeting ahead of the summit.");

        Response created = asEditor().contentType("application/json").body(body).post(EVENTS);
        created.then().statusCode(201)
                .header("ETag", "\"0\"")
                .body("name", equalTo(body.get("name")))
                .body("kind", equalTo("MEETING"))
                .body("startDate", equalTo("2025-05-14"))
                .body("endDate", equalTo("2025-05-15"))
                .body("location.city", equalTo("Antalya"))
                .body("location.country", equalTo("TR"))
                .body("participantIds", contains(rubio, lammy))
                .body("participants.id", contains(rubio, lammy))
                .body("participants.kind", contains("PERSON", "PERSON"))
                .body("description", equalTo("Informal meeting ahead of the summit."))
                .body("version", equalTo(0));
        String id = created.path("id");
        assertThat(created.header("Location"), endsWith(EVENTS + "/" + id));

        anonymous().get(created.header("Location")).then().statusCode(200)
                .body("id", equalTo(id))
                .body("participantIds", contains(rubio, lammy));
    }

    @Test
    void endDateBeforeStartDateIsInvalid() {
        Map<String, Object> body = eventBody(unique("Backwards"), "SUMMIT", "2025-05-14");
        body.put("endDate", "2025-05-13");
        assertProblem(asEditor().contentType("application/json").body(body).post(EVENTS), 400, "validation-failed")
                .then().body("violations.field", contains("endDate"));
    }

    @Test
    void createValidatesNestedFieldsByJsonPath() {
        Map<String, Object> body = eventBody(" ", null, "2025-05-14");
        body.put("location", Map.of("city", "Antalya", "country", "Turkey"));
        assertProblem(asEditor().contentType("application/json").body(body).post(EVENTS), 400, "validation-failed")
                .then().body("violations.field", contains("kind", "location.country", "name"));
    }

    @Test
    void putWithUnchangedContentKeepsTheVersion() {
        Map<String, Object> body = located(unique("Same"), "2025-05-14", "2025-05-16", "Antalya", "TR");
        body.put("participantIds", List.of(createPerson()));
        String id = createEvent(body);

        asEditor().contentType("application/json").body(body).put(EVENTS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("version", equalTo(0));
    }

    @Test
    void putWithUnchangedContentWithoutParticipantsKeepsTheVersion() {
        Map<String, Object> body = eventBody(unique("Same"), "MEETING", "2025-05-14");
        String id = createEvent(body);

        asEditor().contentType("application/json").body(body).put(EVENTS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("version", equalTo(0));
    }

    @Test
    void participantsMustExistAndBeListedOnce() {
        String speaker = createPerson();
        Map<String, Object> body = eventBody(unique("Call"), "PHONE_CALL", "2025-05-11");

        body.put("participantIds", List.of(speaker, "no-such-speaker"));
        assertProblem(asEditor().contentType("application/json").body(body).post(EVENTS), 422, "invalid-reference")
                .then().body("violations.field", contains("participantIds[1]"));

        body.put("participantIds", List.of(speaker, speaker));
        assertProblem(asEditor().contentType("application/json").body(body).post(EVENTS), 400, "validation-failed")
                .then().body("violations.field", contains("participantIds[1]"));
    }

    @Test
    void putReplacesTheWholeEvent() {
        String speaker = createPerson();
        Map<String, Object> body = located(unique("Before"), "2025-05-14", "2025-05-16", "Antalya", "TR");
        body.put("participantIds", List.of(speaker));
        body.put("description", "to be cleared");
        String id = createEvent(body);

        String name = unique("After");
        asEditor().contentType("application/json").body(eventBody(name, "VISIT", "2025-06-01")).put(EVENTS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("name", equalTo(name))
                .body("kind", equalTo("VISIT"))
                .body("startDate", equalTo("2025-06-01"))
                .body("endDate", nullValue())
                .body("location", nullValue())
                .body("participantIds", equalTo(List.of()))
                .body("description", nullValue())
                .body("version", equalTo(1));
    }

    @Test
    void mergePatchMergesNestedObjectsAndNullClears() {
        String id = createEvent(located(unique("Nested"), "2025-05-14", null, "Antalya", "TR"));

        asEditor().contentType(MERGE_PATCH).body("{\"location\": {\"city\": null}, \"endDate\": \"2025-05-15\"}")
                .patch(EVENTS + "/" + id)
                .then().statusCode(200)
                .body("location.city", nullValue())
                .body("location.country", equalTo("TR"))
                .body("endDate", equalTo("2025-05-15"))
                .body("startDate", equalTo("2025-05-14"))
                .body("version", equalTo(1));

        asEditor().contentType(MERGE_PATCH).body("{\"location\": null}").patch(EVENTS + "/" + id)
                .then().statusCode(200)
                .body("location", nullValue())
                .body("version", equalTo(2));

        asEditor().contentType(MERGE_PATCH).body("{\"startDate\": \"2025-05-16\"}").patch(EVENTS + "/" + id)
                .then().statusCode(400);
        anonymous().get(EVENTS + "/" + id).then().body("startDate", equalTo("2025-05-14")).body("version", equalTo(2));
    }

    @Test
    void etagConditionsOnEvents() {
        String id = createEvent();
        anonymous().header("If-None-Match", "\"0\"").get(EVENTS + "/" + id)
                .then().statusCode(304).body(emptyString());

        asEditor().contentType(MERGE_PATCH).body("{\"description\": \"v1\"}").patch(EVENTS + "/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");

        assertProblem(asEditor().header("If-Match", "\"0\"").contentType(MERGE_PATCH)
                .body("{\"description\": \"lost\"}").patch(EVENTS + "/" + id), 412, "stale-version");
        assertProblem(asAdmin().header("If-Match", "\"0\"").delete(EVENTS + "/" + id), 412, "stale-version");
        anonymous().get(EVENTS + "/" + id).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("description", equalTo("v1"));
    }

    @Test
    void searchMatchesNameAndCityIgnoringCaseAndAccents() {
        String sfx = suffix();
        String byName = createEvent(located("Réunion des ministres " + sfx, "2025-05-14", null, "Paris", "FR"));
        String byCity = createEvent(located("Talks " + sfx + "x", "2025-05-10", null, "Kraków " + sfx, "PL"));

        anonymous().queryParam("q", "REUNION DES MINISTRES " + sfx).get(EVENTS)
                .then().statusCode(200).body("items.id", contains(byName));
        anonymous().queryParam("q", "krakow " + sfx).get(EVENTS)
                .then().statusCode(200).body("items.id", contains(byCity));
        // Newest first.
        anonymous().queryParam("q", sfx).get(EVENTS)
                .then().statusCode(200).body("items.id", contains(byName, byCity)).body("total", equalTo(2));
    }

    @Test
    void dateRangeSelectsOverlappingEvents() {
        String sfx = suffix();
        String multiDay = createEvent(located("Summit " + sfx, "2031-03-10", "2031-03-12", "Rome", "IT"));
        String oneDay = createEvent(located("Briefing " + sfx, "2031-03-20", null, "Rome", "IT"));

        anonymous().queryParam("q", sfx).queryParam("from", "2031-03-12").queryParam("to", "2031-03-19")
                .get(EVENTS).then().statusCode(200).body("items.id", contains(multiDay));
        anonymous().queryParam("q", sfx).queryParam("from", "2031-03-13").get(EVENTS)
                .then().statusCode(200).body("items.id", contains(oneDay));
        anonymous().queryParam("q", sfx).queryParam("to", "2031-03-09").get(EVENTS)
                .then().statusCode(200).body("total", equalTo(0));
        anonymous().queryParam("q", sfx).queryParam("from", "2031-03-01").queryParam("to", "2031-03-20")
                .get(EVENTS).then().statusCode(200).body("items.id", contains(oneDay, multiDay));
    }

    @Test
    void kindAndParticipantFilters() {
        String sfx = suffix();
        String speaker = createPerson();
        Map<String, Object> call = eventBody("Call " + sfx, "PHONE_CALL", "2025-05-11");
        call.put("participantIds", List.of(speaker));
        String callId = createEvent(call);
        String summitId = createEvent(eventBody("Summit " + sfx, "SUMMIT", "2025-05-12"));

        anonymous().queryParam("q", sfx).queryParam("kind", "phone_call").get(EVENTS)
                .then().statusCode(200).body("items.id", contains(callId));
        anonymous().queryParam("q", sfx).queryParam("kind", "PHONE_CALL,SUMMIT").get(EVENTS)
                .then().statusCode(200).body("items.id", contains(summitId, callId));
        anonymous().queryParam("participantId", speaker).get(EVENTS)
                .then().statusCode(200).body("items.id", contains(callId)).body("total", equalTo(1));
    }

    @Test
    void deleteRefusedWhileStatementsReferenceTheEvent() {
        String referenced = createEvent();
        TestData.createStatement(createPerson(), referenced, "2030-01-15");
        assertProblem(asAdmin().delete(EVENTS + "/" + referenced), 409, "still-referenced");
        anonymous().get(EVENTS + "/" + referenced).then().statusCode(200);

        String unreferenced = createEvent();
        asAdmin().delete(EVENTS + "/" + unreferenced).then().statusCode(204);
        assertProblem(anonymous().get(EVENTS + "/" + unreferenced), 404, "not-found");
    }
}

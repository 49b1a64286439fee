package org.verbatim.speaker;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.verbatim.TestData.EVENTS;
import static org.verbatim.TestData.MERGE_PATCH;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.createSpeaker;
import static org.verbatim.TestData.createStatement;
import static org.verbatim.TestData.speakerBody;
import static org.verbatim.TestData.suffix;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

@QuarkusTest
class SpeakerResourceTest {

    @BeforeAll
    static void logging() {
        TestData.logFailures();
    }

    private static Map<String, Object> fullSpeaker(String name) {
        Map<String, Object> body = speakerBody(name, "PERSON");
        body.put("title", "Secretary of State");
        body.put("affiliation", "U.S. Department of State");
        body.put("country", "US");
        body.put("aliases", List.of("Secretary Rubio"));
        body.put("wikidataId", TestData.wikidataId());
        return body;
    }

    @Test
    void createAnswers201WithLocationEtagAndTheStoredSpeaker() {
        Map<String, Object> body = fullSpeaker(TestData.unique("Marco Rubio"));
        Response created = asEditor().contentType("application/json").body(body).post(SPEAKERS);
        created.then().statusCode(201)
                .header("ETag", "\"0\"")
                .body("id", notNullValue())
                .body("name", equalTo(body.get("name")))
                .body("kind", equalTo("PERSON"))
                .body("title", equalTo("Secretary of State"))
                .body("affiliation", equalTo("U.S. Department of State"))
                .body("country", equalTo("US"))
                .body("aliases", contains("Secretary Rubio"))
                .body("wikidataId", equalTo(body.get("wikidataId")))
                .body("version", equalTo(0))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue());
        String id = created.path("id");
        String location = created.header("Location");
        assertThat(location, endsWith(SPEAKERS + "/" + id));

        // Timestamps read back from the database are the ones the creation answered.
        anonymous().get(location).then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("createdAt", equalTo(created.path("createdAt")))
                .body("updatedAt", equalTo(created.path("updatedAt")))
                .body("id", equalTo(id))
                .body("name", equalTo(body.get("name")))
                .body("aliases", contains("Secretary Rubio"));
    }

    @Test
    void putReplacesTheWholeSpeakerAndClearsOmittedFields() {
        String id = createSpeaker(fullSpeaker(TestData.unique("Replaced")));
        String newName = TestData.unique("Renamed");

        asEditor().contentType("application/json").body(speakerBody(newName, "ORGANIZATION"))
                .put(SPEAKERS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("name", equalTo(newName))
                .body("kind", equalTo("ORGANIZATION"))
                .body("title", nullValue())
                .body("country", nullValue())
                .body("wikidataId", nullValue())
                .body("aliases", equalTo(List.of()))
                .body("version", equalTo(1));

        anonymous().get(SPEAKERS + "/" + id).then().statusCode(200)
                .body("name", equalTo(newName))
                .body("title", nullValue());
    }

    @Test
    void putWithUnchangedContentKeepsTheVersion() {
        Map<String, Object> body = fullSpeaker(TestData.unique("Unchanged"));
        String id = createSpeaker(body);

        asEditor().contentType("application/json").body(body).put(SPEAKERS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("version", equalTo(0));
    }

    @Test
    void putWithUnchangedContentWithoutAliasesKeepsTheVersion() {
        Map<String, Object> body = speakerBody(TestData.unique("No aliases"), "PERSON");
        String id = createSpeaker(body);

        asEditor().contentType("application/json").body(body).put(SPEAKERS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("version", equalTo(0));
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagAnswers304UntilTheSpeakerChanges() {
        String id = createPerson();
        String etag = anonymous().get(SPEAKERS + "/" + id).then().statusCode(200).extract().header("ETag");
        assertEquals("\"0\"", etag);

        anonymous().header("If-None-Match", etag).get(SPEAKERS + "/" + id)
                .then().statusCode(304)
                .header("ETag", "\"0\"")
                .body(emptyString());

        asEditor().contentType(MERGE_PATCH).body("{\"title\": \"Minister\"}").patch(SPEAKERS + "/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");

        anonymous().header("If-None-Match", etag).get(SPEAKERS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("title", equalTo("Minister"));
    }

    @Test
    void staleIfMatchIsRefusedWith412ByPutPatchAndDeleteAndChangesNothing() {
        String name = TestData.unique("Guarded");
        String id = createPerson(name);
        asEditor().contentType(MERGE_PATCH).body("{\"title\": \"First\"}").patch(SPEAKERS + "/" + id)
                .then().statusCode(200).body("version", equalTo(1));

        assertProblem(asEditor().header("If-Match", "\"0\"").contentType("application/json")
                .body(speakerBody(TestData.unique("Lost update"), "PERSON")).put(SPEAKERS + "/" + id),
                412, "stale-version");
        assertProblem(asEditor().header("If-Match", "\"0\"").contentType(MERGE_PATCH)
                .body("{\"title\": \"Lost\"}").patch(SPEAKERS + "/" + id), 412, "stale-version");
        assertProblem(asAdmin().header("If-Match", "\"0\"").delete(SPEAKERS + "/" + id), 412, "stale-version");

        anonymous().get(SPEAKERS + "/" + id).then().statusCode(200)
                .body("name", equalTo(name))
                .body("title", equalTo("First"))
                .body("version", equalTo(1));

        // The current version is accepted.
        asEditor().header("If-Match", "\"1\"").contentType(MERGE_PATCH).body("{\"title\": \"Second\"}")
                .patch(SPEAKERS + "/" + id)
                .then().statusCode(200).body("title", equalTo("Second")).body("version", equalTo(2));
    }

    @Test
    void mergePatchChangesOnlyTheNamedFieldsAndNullClears() {
        Map<String, Object> body = fullSpeaker(TestData.unique("Patched"));
        String id = createSpeaker(body);

        asEditor().contentType(MERGE_PATCH)
                .body("{\"title\": null, \"affiliation\": \"Office of the President\", \"aliases\": [\"A\", \"B\"]}")
                .patch(SPEAKERS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("title", nullValue())
                .body("affiliation", equalTo("Office of the President"))
                .body("aliases", contains("A", "B"))
                .body("name", equalTo(body.get("name")))
                .body("country", equalTo("US"))
                .body("wikidataId", equalTo(body.get("wikidataId")));

        anonymous().get(SPEAKERS + "/" + id).then()
                .body("title", nullValue())
                .body("affiliation", equalTo("Office of the President"));
    }

    @Test
    void mergePatchIsValidatedLikeAReplacement() {
        String name = TestData.unique("Valid");
        String id = createPerson(name);

        Response response = asEditor().contentType(MERGE_PATCH).body("{\"name\": null, \"country\": \"tr\"}")
                .patch(SPEAKERS + "/" + id);
        assertProblem(response, 400, "validation-failed")
                .then().body("violations.field", contains("country", "name"));

        anonymous().get(SPEAKERS + "/" + id).then().body("name", equalTo(name)).body("version", equalTo(0));
    }

    @Test
    void createValidatesFieldsAndNamesThemByJsonPath() {
        Map<String, Object> body = speakerBody(" ", "PERSON");
        body.put("country", "XX");
        body.put("aliases", List.of("ok", ""));
        body.put("wikidataId", "X123");
        Response response = asEditor().contentType("application/json").body(body).post(SPEAKERS);
        assertProblem(response, 400, "validation-failed")
                .then().body("violations.field", contains("aliases[1]", "country", "name", "wikidataId"));
    }

    @Test
    void searchIgnoresCaseAndAccents() {
        String sfx = suffix();
        String id = createPerson("Recep Tayyip Erdoğan " + sfx);

        for (String q : List.of("erdogan " + sfx, "ERDOĞAN " + sfx, "tayyip erdogan " + sfx.toUpperCase())) {
            anonymous().queryParam("q", q).get(SPEAKERS)
                    .then().statusCode(200)
                    .body("items.id", contains(id))
                    .body("total", equalTo(1));
        }
        anonymous().queryParam("q", "erdogan x" + sfx).get(SPEAKERS)
                .then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void searchMatchesAliases() {
        String sfx = suffix();
        Map<String, Object> body = speakerBody(TestData.unique("Head of Government"), "PERSON");
        body.put("aliases", List.of("Łukasz Straße " + sfx));
        String id = createSpeaker(body);

        anonymous().queryParam("q", "lukasz strasse " + sfx).get(SPEAKERS)
                .then().statusCode(200).body("items.id", contains(id));
    }

    @Test
    void wildcardCharactersAreNotPatterns() {
        String sfx = suffix();
        String literal = createPerson("Agent 0_7% " + sfx);
        createPerson("Agent 0x7y " + sfx);

        anonymous().queryParam("q", "0_7% " + sfx).get(SPEAKERS)
                .then().statusCode(200).body("items.id", contains(literal));
        anonymous().queryParam("q", "%gent " + sfx).get(SPEAKERS)
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void searchMatchesWordPrefixesBestFirst() {
        String sfx = suffix();
        String inside = createPerson("Marco Rub" + sfx);
        String first = createPerson("Rub" + sfx + " Smith");

        anonymous().queryParam("q", "rub" + sfx.substring(0, 3)).get(SPEAKERS)
                .then().statusCode(200).body("items.id", contains(first, inside));
        anonymous().queryParam("q", "ub" + sfx).get(SPEAKERS)
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void kindFilterAndOrderByName() {
        String sfx = suffix();
        String ministry = TestData.createOrganization("B Ministry " + sfx);
        String person = createPerson("A Person " + sfx);
        String party = TestData.createOrganization("C Party " + sfx);

        anonymous().queryParam("q", sfx).get(SPEAKERS)
                .then().statusCode(200)
                .body("items.id", contains(person, ministry, party))
                .body("total", equalTo(3));
        anonymous().queryParam("q", sfx).queryParam("kind", "organization").get(SPEAKERS)
                .then().statusCode(200)
                .body("items.id", contains(ministry, party))
                .body("items.kind", contains("ORGANIZATION", "ORGANIZATION"));
        anonymous().queryParam("q", sfx).queryParam("kind", "PERSON", "ORGANIZATION").get(SPEAKERS)
                .then().statusCode(200).body("total", equalTo(3));
    }

    @Test
    void listIsPaged() {
        String sfx = suffix();
        String a = createPerson("A " + sfx);
        String b = createPerson("B " + sfx);
        String c = createPerson("C " + sfx);

        anonymous().queryParam("q", sfx).queryParam("size", 2).get(SPEAKERS)
                .then().statusCode(200)
                .body("items.id", contains(a, b))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("total", equalTo(3));
        anonymous().queryParam("q", sfx).queryParam("size", 2).queryParam("page", 1).get(SPEAKERS)
                .then().statusCode(200)
                .body("items.id", contains(c))
                .body("page", equalTo(1))
                .body("total", equalTo(3));
        anonymous().queryParam("q", sfx).get(SPEAKERS)
                .then().statusCode(200)
                .body("size", equalTo(20))
                .body("page", equalTo(0));
    }

    @Test
    void duplicateWikidataIdIsAConflict() {
        String wikidataId = TestData.wikidataId();
        Map<String, Object> first = speakerBody(TestData.unique("First"), "PERSON");
        first.put("wikidataId", wikidataId);
        String firstId = createSpeaker(first);

        Map<String, Object> second = speakerBody(TestData.unique("Second"), "PERSON");
        second.put("wikidataId", wikidataId);
        assertProblem(asEditor().contentType("application/json").body(second).post(SPEAKERS), 409, "conflict")
                .then().body("violations.field", contains("wikidataId"));

        String otherId = createPerson();
        assertProblem(asEditor().contentType(MERGE_PATCH).body("{\"wikidataId\": \"" + wikidataId + "\"}")
                .patch(SPEAKERS + "/" + otherId), 409, "conflict");
        anonymous().get(SPEAKERS + "/" + otherId).then().body("wikidataId", nullValue());

        // A speaker keeps its own id when replaced.
        first.put("title", "Senator");
        asEditor().contentType("application/json").body(first).put(SPEAKERS + "/" + firstId)
                .then().statusCode(200).body("wikidataId", equalTo(wikidataId));
    }

    @Test
    void adminDeletesAnUnreferencedSpeaker() {
        String id = createPerson();
        asAdmin().delete(SPEAKERS + "/" + id).then().statusCode(204);
        assertProblem(anonymous().get(SPEAKERS + "/" + id), 404, "not-found");
        assertProblem(asAdmin().delete(SPEAKERS + "/" + id), 404, "not-found");
    }

    @Test
    void deletingASpeakerStillReferencedByAStatementIsAConflict() {
        String speaker = createPerson();
        String organization = TestData.createOrganization(TestData.unique("Ministry"));
        Map<String, Object> body = TestData.statementBody(speaker, createEvent(), "2030-01-15");
        body.put("onBehalfOfId", organization);
        createStatement(body);

        for (String id : List.of(speaker, organization)) {
            assertProblem(asAdmin().delete(SPEAKERS + "/" + id), 409, "still-referenced");
            anonymous().get(SPEAKERS + "/" + id).then().statusCode(200);
        }
    }

    @Test
    void deletingAnEventParticipantIsAConflict() {
        String speaker = createPerson();
        Map<String, Object> event = TestData.eventBody(TestData.unique("Summit"), "SUMMIT", "2030-02-01");
        event.put("participantIds", List.of(speaker));
        String eventId = createEvent(event);

        assertProblem(asAdmin().delete(SPEAKERS + "/" + speaker), 409, "still-referenced");
        anonymous().get(SPEAKERS + "/" + speaker).then().statusCode(200);
        anonymous().get(EVENTS + "/" + eventId).then().body("participantIds", contains(speaker));
    }
}

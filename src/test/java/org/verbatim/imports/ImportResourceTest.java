package org.verbatim.imports;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.verbatim.TestData.IMPORTS;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;
import static org.verbatim.TestData.assertProblem;
import static org.verbatim.TestData.createEvent;
import static org.verbatim.TestData.createPerson;
import static org.verbatim.TestData.importLine;
import static org.verbatim.TestData.importNdjson;
import static org.verbatim.TestData.suffix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

@QuarkusTest
class ImportResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void log() {
        TestData.logFailures();
    }

    static List<String> idsWithTopic(String topic) {
        return anonymous().queryParam("topic", topic).queryParam("size", 100).get(STATEMENTS)
                .then().statusCode(200).extract().path("items.id");
    }

    @Test
    void inlineSpeakersAndEventsAreMatchedOrCreatedAndAReimportChangesNothing() {
        String topic = "imp-" + suffix();
        String name = "Ada Ímport " + suffix();
        String event = "Import briefing " + suffix();
        String body = importLine(topic, "First words", name, event, "2025-05-11", "Wire A") + "\n"
                + "\n"
                + importLine(topic, "Second words", name.toUpperCase(), event, "2025-05-11", "Wire A") + "\n"
                + importLine(topic, "Third words", name.replace("Í", "I"), event.toLowerCase(), "2025-05-11", "Wire A")
                + "\n";

        Response first = importNdjson(body, null);
        first.then().statusCode(201)
                .header("Location", containsString(IMPORTS + "/"))
                .body("status", equalTo("COMPLETED"))
                .body("format", equalTo("ndjson"))
                .body("startedBy", equalTo("editor"))
                .body("lines", equalTo(3))
                .body("created", equalTo(3))
                .body("failed", equalTo(0))
                .body("failures", hasSize(0));
        List<String> ids = idsWithTopic(topic);
        assertEquals(3, ids.size());
        // One speaker and one event for the three lines: matched case- and accent-insensitively.
        List<String> speakers = anonymous().queryParam("topic", topic).get(STATEMENTS).then().extract()
                .path("items.speakerId");
        assertEquals(1, speakers.stream().distinct().count());
        List<String> events = anonymous().queryParam("topic", topic).get(STATEMENTS).then().extract()
                .path("items.eventId");
        assertEquals(1, events.stream().distinct().count());

        importNdjson(body, null).then().statusCode(201)
                .body("created", equalTo(0)).body("unchanged", equalTo(3)).body("merged", equalTo(0));
        assertEquals(ids.size(), idsWithTopic(topic).size());

        asEditor().get(first.header("Location")).then().statusCode(200)
                .body("id", equalTo(first.path("id"))).body("created", equalTo(3));
        asEditor().queryParam("size", 100).get(IMPORTS).then().statusCode(200)
                .body("items.id", hasItem((String) first.path("id")));
    }

    @Test
    void theSameWordsFromAnotherOutletAreMergedAsASource() {
        String topic = "imp-" + suffix();
        String name = "Merge Speaker " + suffix();
        importNdjson(importLine(topic, "We will not give up.", name, "Merge event", "2025-05-11", "Wire A"), null)
                .then().statusCode(201).body("created", equalTo(1));
        importNdjson(importLine(topic, "“We will NOT give up”", name, "Merge event", "2025-05-11", "Wire B") + "\n"
                + importLine(topic, "We will not give up", name, "Merge event", "2025-05-11", "Wire C"), null)
                .then().statusCode(201).body("merged", equalTo(2)).body("created", equalTo(0));
        List<String> ids = idsWithTopic(topic);
        assertEquals(1, ids.size());
        anonymous().get(STATEMENTS + "/" + ids.get(0)).then()
                .body("sourceCount", equalTo(3))
                .body("sources.publisher", org.hamcrest.Matchers.contains("Wire A", "Wire B", "Wire C"))
                // the longest exact text is kept
                .body("text", equalTo("“We will NOT give up”"));
    }

    @Test
    void importedStatementsHaveTheirHistory() {
        String topic = "imp-" + suffix();
        String name = "History Speaker " + suffix();
        // Created and merged in the same batch: one revision, as one write.
        importNdjson(importLine(topic, "History starts here.", name, "History event", "2025-05-11", "Wire A") + "\n"
                + importLine(topic, "History starts here", name, "History event", "2025-05-11", "Wire B"), null)
                .then().statusCode(201).body("created", equalTo(1)).body("merged", equalTo(1));
        String id = idsWithTopic(topic).get(0);
        anonymous().get(STATEMENTS + "/" + id).then().body("version", equalTo(1));
        anonymous().get(STATEMENTS + "/" + id + "/history").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].type", equalTo("CREATED"))
                .body("items[0].changedBy", equalTo("editor"))
                .body("items[0].state.version", equalTo(1))
                .body("items[0].state.topics", org.hamcrest.Matchers.contains(topic))
                .body("items[0].state.speaker.name", equalTo(name))
                .body("items[0].state.sources.publisher", org.hamcrest.Matchers.contains("Wire A", "Wire B"));
        // The speaker and event the import created are in the same revision.
        int revision = anonymous().get(STATEMENTS + "/" + id + "/history").path("items[0].revision");
        String speakerId = anonymous().get(STATEMENTS + "/" + id).path("speakerId");
        anonymous().get(SPEAKERS + "/" + speakerId + "/history").then().statusCode(200)
                .body("items[0].revision", equalTo(revision)).body("items[0].type", equalTo("CREATED"));

        importNdjson(importLine(topic, "HISTORY STARTS HERE", name, "History event", "2025-05-11", "Wire C"), null)
                .then().statusCode(201).body("merged", equalTo(1));
        anonymous().get(STATEMENTS + "/" + id + "/history").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.type", org.hamcrest.Matchers.contains("UPDATED", "CREATED"))
                .body("items[0].state.version", equalTo(2))
                .body("items[0].state.sources.publisher",
                        org.hamcrest.Matchers.contains("Wire A", "Wire B", "Wire C"))
                .body("items[1].state.sources.publisher", org.hamcrest.Matchers.contains("Wire A", "Wire B"));
    }

    @Test
    void anInlineEventBringsItsParticipantsAndABadParticipantFailsItsLineOnly() {
        String topic = "imp-" + suffix();
        String host = "Host " + suffix();
        String event = "Participants event " + suffix();
        String good = importLine(topic, "With participants", "Speaker " + suffix(), event, "2025-05-11", "Wire A")
                .replace("\"startDate\":\"2025-05-11\"}", "\"startDate\":\"2025-05-11\",\"participants\":[{\"name\":\""
                        + host + "\",\"kind\":\"PERSON\",\"title\":\"Host\"}]}");
        String noKind = importLine(topic, "Participant without kind", "Speaker " + suffix(), "Other " + suffix(), "2025-05-11",
                "Wire A").replace("\"startDate\":\"2025-05-11\"}",
                "\"startDate\":\"2025-05-11\",\"participants\":[{\"name\":\"Nobody " + suffix() + "\"}]}");
        String nullParticipant = importLine(topic, "Null participant", "Speaker " + suffix(), "Third " + suffix(),
                "2025-05-11", "Wire A").replace("\"startDate\":\"2025-05-11\"}",
                "\"startDate\":\"2025-05-11\",\"participants\":[null]}");
        importNdjson(String.join("\n", good, noKind, nullParticipant), null).then().statusCode(201)
                .body("created", equalTo(1)).body("failed", equalTo(2))
                .body("failures[0].line", equalTo(2))
                .body("failures[0].field", equalTo("event.participants[0].kind"))
                .body("failures[1].line", equalTo(3))
                .body("failures[1].field", equalTo("event.participants[0]"));
        String eventId = anonymous().get(STATEMENTS + "/" + idsWithTopic(topic).get(0)).path("eventId");
        anonymous().get(TestData.EVENTS + "/" + eventId).then().statusCode(200)
                .body("participants.name", org.hamcrest.Matchers.contains(host));
        // The same participant named again is matched, not created twice.
        importNdjson(good.replace("With participants", "Again with participants"), null).then()
                .body("created", equalTo(1)).body("failed", equalTo(0));
        anonymous().queryParam("q", host).get(SPEAKERS).then().body("total", equalTo(1));
    }

    @Test
    void externalIdsMakeReimportsIdempotentEvenWhenTheWordsWereEdited() {
        String topic = "imp-" + suffix();
        String name = "External " + suffix();
        String externalId = "ext-" + suffix();
        String record = importLine(topic, "Original words", name, "External event", "2025-05-11", "Wire A")
                .replaceFirst("\\{", "{\"externalId\":\"" + externalId + "\",");
        importNdjson(record, null).then().body("created", equalTo(1));
        importNdjson(record.replace("Original words", "Edited words").replace("Wire A", "Wire B"), null)
                .then().body("created", equalTo(0)).body("merged", equalTo(1));
        List<String> ids = idsWithTopic(topic);
        assertEquals(1, ids.size());
        anonymous().get(STATEMENTS + "/" + ids.get(0)).then()
                .body("text", equalTo("Original words")).body("sourceCount", equalTo(2));
    }

    @Test
    void badLinesAreReportedWithLineFieldAndReasonAndGoodOnesAreStored() {
        String topic = "imp-" + suffix();
        String speaker = createPerson();
        String event = createEvent();
        String good = "{\"text\":\"Good line\",\"kind\":\"QUOTE\",\"speakerId\":\"" + speaker + "\",\"statedOn\":"
                + "\"2025-05-11\",\"eventId\":\"" + event + "\",\"topics\":[\"" + topic + "\"],\"sources\":"
                + "[{\"publisher\":\"Wire\"}]}";
        String body = String.join("\n",
                good,                                                                   // 1
                "{\"text\": \"broken",                                                  // 2: not JSON
                good.replace("Good line", "Unknown").replace("\"kind\"", "\"colour\":1,\"kind\""), // 3
                good.replace("Good line", "Bad url").replace("{\"publisher\":\"Wire\"}",
                        "{\"publisher\":\"Wire\",\"url\":\"javascript:alert(1)\"}"),     // 4
                good.replace("Good line", "No speaker").replace(speaker, "0196c3a1-0000-7000-8000-000000000000"), // 5
                good.replace("Good line", "Another good line"),                         // 6
                good.replace("Good line", "No text").replace("\"text\":\"No text\",", ""), // 7
                good.replace("\"eventId\":\"" + event + "\",", "").replace("Good line", "No event"), // 8
                good.replace("Good line", "Bad date").replace("2025-05-11", "2025-02-30")); // 9
        importNdjson(body, null).then().statusCode(201)
                .body("lines", equalTo(9))
                .body("created", equalTo(2))
                .body("failed", equalTo(7))
                .body("failures.line", org.hamcrest.Matchers.contains(2, 3, 4, 5, 7, 8, 9))
                .body("failures[0].type", equalTo("urn:verbatim:problem:validation-failed"))
                .body("failures[1].field", equalTo("colour"))
                .body("failures[2].field", equalTo("sources[0].url"))
                .body("failures[3].field", equalTo("speakerId"))
                .body("failures[3].type", equalTo("urn:verbatim:problem:invalid-reference"))
                .body("failures[4].field", equalTo("text"))
                .body("failures[5].field", equalTo("eventId"))
                .body("failures[6].field", equalTo("statedOn"));
        assertEquals(2, idsWithTopic(topic).size());
    }

    @Test
    void aFailureThatQuotesANulCharacterIsRecorded() {
        // PostgreSQL stores no NUL in text: the recorded reason shows U+FFFD in its place.
        String line = "{\"text\":\"x\",\"odd\\u0000name\":1}";
        importNdjson(line, null).then().statusCode(201)
                .body("failed", equalTo(1))
                .body("failures[0].field", equalTo("odd\uFFFDname"));
    }

    @Test
    void anAtomicImportStoresNothingWhenALineFails() {
        String topic = "imp-" + suffix();
        String name = "Atomic " + suffix();
        String good = importLine(topic, "Atomic words", name, "Atomic event " + suffix(), "2025-05-11", "Wire");
        String bad = importLine(topic, "Bad", name, "Atomic event", "2025-05-11", "Wire").replace("QUOTE", "SHOUT");
        importNdjson(good + "\n" + bad + "\n", "true").then().statusCode(201)
                .body("status", equalTo("ROLLED_BACK"))
                .body("created", equalTo(0))
                .body("failed", equalTo(1))
                .body("failures[0].line", equalTo(2))
                .body("failures[0].field", equalTo("kind"))
                .body("message", containsString("nothing was"));
        assertEquals(0, idsWithTopic(topic).size());
        // Not even the speaker of the good line was kept.
        anonymous().queryParam("q", name).get(SPEAKERS).then().body("total", equalTo(0));

        importNdjson(good + "\n", "true").then().statusCode(201)
                .body("status", equalTo("COMPLETED")).body("created", equalTo(1));
        assertEquals(1, idsWithTopic(topic).size());
        assertProblem(importNdjson(good, "yes"), 400, "validation-failed")
                .then().body("violations[0].field", equalTo("atomic"));
    }

    @Test
    void csvNamesItsColumnsAndEncodesListsAndMultiLineText() {
        String topic = "imp-" + suffix();
        String name = "Csv Speaker " + suffix();
        String csv = "externalId,text,kind,speakerName,speakerKind,statedOn,eventName,eventKind,eventStartDate,"
                + "topics,sources\r\n"
                + "c1,\"Line one,\r\nline two \"\"quoted\"\"\",QUOTE," + name + ",PERSON,2025-05-11,Csv event,"
                + "PRESS_BRIEFING,2025-05-11," + topic + "|second,\"[{\"\"publisher\"\":\"\"Wire\"\",\"\"url\"\":"
                + "\"\"https://example.org/1\"\"}]\"\r\n"
                + "c2,Plain,QUOTE," + name + ",PERSON,2025-05-12,Csv event,PRESS_BRIEFING,2025-05-11," + topic
                + ",not json\r\n";
        asEditor().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).post(IMPORTS).then().statusCode(201)
                .body("format", equalTo("csv"))
                .body("created", equalTo(1))
                .body("failed", equalTo(1))
                .body("failures[0].line", equalTo(4))
                .body("failures[0].field", equalTo("sources"));
        List<String> ids = idsWithTopic(topic);
        assertEquals(1, ids.size());
        anonymous().get(STATEMENTS + "/" + ids.get(0)).then()
                .body("text", equalTo("Line one,\r\nline two \"quoted\""))
                .body("topics", org.hamcrest.Matchers.contains(topic, "second"))
                .body("sources[0].url", equalTo("https://example.org/1"))
                .body("speaker.name", equalTo(name));

        assertProblem(asEditor().contentType("text/csv").body("text,colour\r\nx,red\r\n").post(IMPORTS), 400,
                "validation-failed").then().body("violations[0].field", equalTo("header"))
                .body("detail", containsString("colour"));
    }

    @Test
    void importingNeedsAnEditorAndABodyItCanRead() {
        assertProblem(anonymous().contentType("application/x-ndjson").body("{}".getBytes(StandardCharsets.UTF_8)).post(IMPORTS), 401, "unauthorized");
        assertProblem(anonymous().get(IMPORTS), 401, "unauthorized");
        assertProblem(asEditor().contentType("application/json").body("{}").post(IMPORTS), 415,
                "unsupported-media-type");
        assertProblem(asEditor().get(IMPORTS + "/0196c3a1-0000-7000-8000-000000000000"), 404, "not-found");
        importNdjson("", null).then().statusCode(201).body("lines", equalTo(0)).body("status", equalTo("COMPLETED"));
    }

    @Test
    void aLineThatIsNotUtf8FailsAloneAndAMalformedCsvStopsTheImportKeepingWhatWasRead() {
        String topic = "imp-" + suffix();
        String good = importLine(topic, "Valid words " + suffix(), "Utf " + suffix(), "Utf event", "2025-05-11", "Wire");
        byte[] first = (good + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] broken = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        byte[] last = good.replace("Valid words", "More valid words").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[first.length + broken.length + last.length];
        System.arraycopy(first, 0, body, 0, first.length);
        System.arraycopy(broken, 0, body, first.length, broken.length);
        System.arraycopy(last, 0, body, first.length + broken.length, last.length);
        asEditor().contentType("application/x-ndjson").body(body).post(IMPORTS).then().statusCode(201)
                .body("status", equalTo("COMPLETED"))
                .body("created", equalTo(2))
                .body("failed", equalTo(1))
                .body("failures[0].line", equalTo(2))
                .body("failures[0].type", equalTo("urn:verbatim:problem:malformed-request"))
                .body("failures[0].message", containsString("UTF-8"));
        assertEquals(2, idsWithTopic(topic).size());

        String csvTopic = "imp-" + suffix();
        String csv = "text,kind,speakerName,speakerKind,statedOn,eventName,eventKind,eventStartDate,topics,sources\r\n"
                + "Kept words,QUOTE,Csv Utf " + suffix() + ",PERSON,2025-05-11,Csv break,SPEECH,2025-05-11,"
                + csvTopic + ",\"[{\"\"publisher\"\":\"\"Wire\"\"}]\"\r\n"
                + "\"never closed,QUOTE\r\n";
        asEditor().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).post(IMPORTS).then()
                .statusCode(201)
                .body("status", equalTo("ABORTED"))
                .body("message", containsString("What was stored before stays"));
        assertEquals(1, idsWithTopic(csvTopic).size());
    }

    @Test
    void aBodyFarLargerThanTheJsonLimitIsStreamed() {
        String topic = "imp-" + suffix();
        String name = "Bulk " + suffix();
        StringBuilder body = new StringBuilder();
        String padding = "x".repeat(900);
        for (int i = 0; i < 3_000; i++) {
            body.append(importLine(topic, "Statement number " + i + " " + padding, name, "Bulk event", "2025-05-11",
                    "Wire")).append('\n');
        }
        importNdjson(body.toString(), null).then().statusCode(201)
                .body("lines", equalTo(3_000)).body("created", equalTo(3_000)).body("failed", equalTo(0));
        anonymous().queryParam("topic", topic).get(STATEMENTS).then().body("total", equalTo(3_000));
    }

    @Test
    void anExportImportedAfterDeletionReproducesTheSameStatements() throws Exception {
        String topic = "imp-" + suffix();
        String organisation = TestData.createOrganization("Round Trip Ministry " + suffix());
        List<String> speakers = List.of(createPerson(), createPerson());
        List<String> events = List.of(createEvent(), createEvent());
        for (int i = 0; i < 12; i++) {
            var body = TestData.statementBody(speakers.get(i % 2), events.get(i / 6), "2025-05-" + (10 + i));
            body.put("topics", List.of(topic, "n" + i));
            body.put("context", i % 3 == 0 ? "Context “" + i + "”" : null);
            body.put("language", i % 4 == 0 ? "fr" : "en");
            body.put("speakerRole", "Role " + i);
            if (i % 5 == 0) {
                body.put("onBehalfOfId", organisation);
            }
            TestData.createStatement(body);
        }
        String export = anonymous().queryParam("topic", topic).get(STATEMENTS + "/export").then().statusCode(200)
                .extract().asString();
        List<JsonNode> before = new ArrayList<>();
        for (String l : export.split("\n")) {
            before.add(JSON.readTree(l));
        }
        assertEquals(12, before.size());
        for (JsonNode statement : before) {
            asAdmin().delete(STATEMENTS + "/" + statement.get("id").asText()).then().statusCode(204);
        }
        // Deleted statements are not brought back by an import: an admin restores or purges them.
        importNdjson(export, null).then().statusCode(201).body("created", equalTo(0)).body("failed", equalTo(12))
                .body("failures[0].type", equalTo("urn:verbatim:problem:conflict"))
                .body("failures[0].message", containsString("deleted"));
        for (JsonNode statement : before) {
            asAdmin().post(STATEMENTS + "/" + statement.get("id").asText() + "/purge").then().statusCode(204);
        }
        for (String event : events) {
            asAdmin().delete(TestData.EVENTS + "/" + event).then().statusCode(204);
        }
        for (String speaker : List.of(speakers.get(0), speakers.get(1), organisation)) {
            asAdmin().delete(SPEAKERS + "/" + speaker).then().statusCode(204);
        }

        importNdjson(export, null).then().statusCode(201).body("created", equalTo(12)).body("failed", equalTo(0));

        String again = anonymous().queryParam("topic", topic).get(STATEMENTS + "/export").then().extract().asString();
        List<JsonNode> after = new ArrayList<>();
        for (String l : again.split("\n")) {
            after.add(JSON.readTree(l));
        }
        assertEquals(TestData.withoutWriteStamps(before), TestData.withoutWriteStamps(after));
    }
}

package org.verbatim.statement;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatementExportTest {

    private static final String EXPORT = STATEMENTS + "/export";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void log() {
        logFailures();
    }

    @Test
    void ndjsonHasEveryMatchingStatementAsTheApiReturnsItWithItsSpeakerAndEventInFull() throws Exception {
        String topic = "export-" + suffix();
        String speaker = createPerson();
        String event = createEvent();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 520; i++) {   // more than one chunk of the export
            Map<String, Object> body = statementBody(speaker, event, "2025-05-11");
            body.put("text", "“Line " + i + "”, with a comma,\nand a new line — Erdoğan");
            body.put("topics", List.of(topic));
            ids.add(createStatement(body));
        }
        String ndjson = anonymous().queryParam("topic", topic).get(EXPORT)
                .then().statusCode(200)
                .header("Content-Type", startsWith("application/x-ndjson"))
                .header("Content-Disposition", containsString("statements.ndjson"))
                .extract().asString();
        String[] lines = ndjson.split("\n");
        assertEquals(520, lines.length);
        List<String> exported = new ArrayList<>();
        for (String line : lines) {
            exported.add(JSON.readTree(line).get("id").asText());
        }
        assertEquals(ids.stream().sorted().toList(), exported, "every statement once, by id");

        ObjectNode first = (ObjectNode) JSON.readTree(lines[0]);
        assertEquals(read("/api/v1/speakers/" + speaker), first.remove("speaker"));
        JsonNode exportedEvent = first.remove("event");
        JsonNode storedEvent = read("/api/v1/events/" + event);
        for (String field : List.of("id", "name", "kind", "startDate", "endDate", "location", "description",
                "version", "createdAt", "updatedAt")) {
            assertEquals(storedEvent.get(field), exportedEvent.get(field), field);
        }
        ObjectNode statement = (ObjectNode) read(STATEMENTS + "/" + ids.get(0));
        statement.remove(List.of("speaker", "event"));
        assertEquals(statement, first);
    }

    @Test
    void csvQuotesWhatNeedsQuoting() {
        String topic = "export-" + suffix();
        Map<String, Object> body = statementBody(createPerson(), createEvent(), "2025-05-12");
        body.put("text", "He said \"no\", twice");
        body.put("topics", List.of(topic, "second"));
        String id = createStatement(body);
        String csv = anonymous().queryParam("topic", topic).queryParam("format", "csv").get(EXPORT)
                .then().statusCode(200).header("Content-Type", startsWith("text/csv")).extract().asString();
        String[] rows = csv.split("\r\n");
        assertEquals(2, rows.length, csv);
        assertTrue(rows[0].startsWith("id,text,kind,speakerId,speakerName"), rows[0]);
        assertTrue(rows[1].startsWith(id + ",\"He said \"\"no\"\", twice\",QUOTE,"), rows[1]);
        assertTrue(rows[1].contains("," + topic + "|second,"), rows[1]);
        assertTrue(rows[1].contains("\"[{\"\"publisher\"\":\"\"Test Wire\"\""), rows[1]);
    }

    @Test
    void aFullTextQueryNarrowsTheExport() {
        String word = "exportword" + suffix();
        Map<String, Object> body = statementBody(createPerson(), createEvent(), "2025-05-12");
        body.put("text", "Only this one has " + word);
        String id = createStatement(body);
        String ndjson = anonymous().queryParam("q", word).get(EXPORT).then().statusCode(200).extract().asString();
        assertEquals(1, ndjson.split("\n").length, ndjson);
        assertTrue(ndjson.contains(id));
    }

    @Test
    void aFullTextExportFollowsTheSearchOrderAndLeavesDeletedStatementsOut() throws Exception {
        String word = "exportorder" + suffix();
        String speaker = createPerson();
        String organisation = createOrganization(unique("Ministry"));
        String event = createEvent();
        List<String> newestFirst = new ArrayList<>();
        for (String day : List.of("2025-05-14", "2025-05-13", "2025-05-12", "2025-05-11")) {
            Map<String, Object> body = statementBody(speaker, event, day);
            body.put("text", "Said on " + day + ": " + word);
            body.put("onBehalfOfId", organisation);
            newestFirst.add(createStatement(body));
        }
        asAdmin().delete(STATEMENTS + "/" + newestFirst.get(1)).then().statusCode(204);
        String ndjson = anonymous().queryParam("q", word).queryParam("sort", "-statedOn").get(EXPORT)
                .then().statusCode(200).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertEquals(List.of(newestFirst.get(0), newestFirst.get(2), newestFirst.get(3)),
                lines.stream().map(line -> line.get("id").asText()).toList());
        assertEquals(organisation, lines.get(0).get("onBehalfOf").get("id").asText());
        assertEquals(read("/api/v1/speakers/" + organisation), lines.get(2).get("onBehalfOf"));

        // Without any filter, the export reads ranges of ids: the deleted statement is left out there too.
        String everything = anonymous().get(EXPORT).then().statusCode(200).extract().asString();
        assertTrue(everything.contains("\"id\":\"" + newestFirst.get(0) + "\""));
        assertTrue(everything.contains("\"id\":\"" + newestFirst.get(3) + "\""));
        assertFalse(everything.contains("\"id\":\"" + newestFirst.get(1) + "\""), "the deleted one is left out");
    }

    @Test
    void aFullTextExportReadsEveryMatchBeyondTheDepthASearchPagesTo() throws Exception {
        // More matches than a search pages through (and than a search cluster answers by offset), in chunks.
        int count = FullTextSearch.MAX_OFFSET + 150;
        String word = "exportdeep" + suffix();
        StringBuilder ndjson = new StringBuilder();
        LocalDate first = LocalDate.of(2000, 1, 1);
        for (int i = 0; i < count; i++) {
            ndjson.append(importLine("deep", "Statement " + i + " about " + word, "Deep Speaker " + word,
                    "Deep briefing " + word, first.plusDays(i % 3650).toString(), "Wire")).append('\n');
        }
        importNdjson(ndjson.toString(), null).then().statusCode(201)
                .body("created", org.hamcrest.Matchers.equalTo(count));
        String exported = anonymous().queryParam("q", word).queryParam("sort", "statedOn").get(EXPORT)
                .then().statusCode(200).extract().asString();
        String[] lines = exported.split("\n");
        assertEquals(count, lines.length);
        Set<String> ids = new HashSet<>();
        String previous = "";
        for (String line : lines) {
            JsonNode statement = JSON.readTree(line);
            assertTrue(ids.add(statement.get("id").asText()), "each statement once");
            String statedOn = statement.get("statedOn").asText();
            assertTrue(statedOn.compareTo(previous) >= 0, "in the order asked for: " + statedOn + " after " + previous);
            previous = statedOn;
        }
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertProblem(anonymous().queryParam("format", "xml").get(EXPORT), 400, "validation-failed")
                .then().body("violations[0].field", org.hamcrest.Matchers.equalTo("format"));
    }

    private static JsonNode read(String path) throws Exception {
        return JSON.readTree(anonymous().get(path).then().statusCode(200).extract().asString());
    }
}

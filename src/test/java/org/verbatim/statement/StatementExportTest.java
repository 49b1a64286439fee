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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatementExportTest {

    private static final String EXPORT = STATEMENTS + "/export";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

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
    void anExportStopsWhenItsClientGoesAwayAndLeavesNothingHeld() throws Exception {
        // More than the socket buffers between client and server hold (a few MiB), so that the service is still
        // writing when each client goes; and more clients than the pool has connections (20), so that an export
        // that kept its connection, or its search, would leave the next ones waiting and failing.
        int count = 6000;
        String word = "exportgone" + suffix();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ndjson.append(importLine("gone", "Statement " + i + " about " + word + " and the long words that make an"
                    + " export line longer, as quoted statements are", "Gone Speaker " + word,
                    "Gone briefing " + word, LocalDate.of(2001, 1, 1).plusDays(i % 3650).toString(), "Wire"))
                    .append('\n');
        }
        importNdjson(ndjson.toString(), null).then().statusCode(201).body("created",
                org.hamcrest.Matchers.equalTo(count));
        String speakerId = anonymous().queryParam("q", word).queryParam("size", 1).get(STATEMENTS)
                .then().statusCode(200).extract().path("items[0].speakerId");
        List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (message != null && message.contains("the client went away")) {
                    stopped.add(message);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(StatementResource.class.getName());
        logger.addHandler(capture);
        try {
            int clients = 24;
            for (int i = 0; i < clients; i++) {
                // Through the search index and, without words, through the database's own order.
                String query = i % 2 == 0 ? "q=" + word : "speakerId=" + speakerId;
                try (Socket socket = new Socket()) {
                    socket.setReceiveBufferSize(4096);
                    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(("GET " + EXPORT + "?" + query
                            + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] status = socket.getInputStream().readNBytes(12);
                    assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
                    socket.setSoLinger(true, 0); // gone at once, with a reset, as a killed client goes
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (stopped.size() < clients && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(clients, stopped.size(), "exports stopped when their client went away: " + stopped);
        } finally {
            logger.removeHandler(capture);
        }
        for (String query : List.of("q", "speakerId")) {
            String exported = anonymous().queryParam(query, query.equals("q") ? word : speakerId).get(EXPORT)
                    .then().statusCode(200).extract().asString();
            assertEquals(count, exported.split("\n").length, query);
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

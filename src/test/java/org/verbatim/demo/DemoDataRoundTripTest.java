package org.verbatim.demo;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.verbatim.TestData.EVENTS;
import static org.verbatim.TestData.SPEAKERS;
import static org.verbatim.TestData.STATEMENTS;
import static org.verbatim.TestData.anonymous;
import static org.verbatim.TestData.asAdmin;
import static org.verbatim.TestData.asEditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.verbatim.TestData;

/**
 * The demo article, exported from a fresh instance and imported into an emptied one, comes back the same: every
 * statement with its sources, and every speaker and event they name. Its own database, since the demo data loads
 * only into an empty one. Not with a shared remote index: this database's rebuild would empty it of the suite's.
 */
@QuarkusTest
@TestProfile(DemoDataRoundTripTest.OwnDatabase.class)
@DisabledIfSystemProperty(named = "verbatim.test.opensearch-classpath", matches = ".+")
class DemoDataRoundTripTest {

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return FreshDatabase.settings();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anExportOfTheDemoDataImportedIntoAnEmptiedInstanceReproducesIt() {
        TestData.logFailures();
        JsonNode demo = demoFile();
        List<JsonNode> statements = export();
        assertEquals(demo.get("statements").size(), statements.size());
        Set<String> speakerIds = new LinkedHashSet<>();
        Set<String> eventIds = new LinkedHashSet<>();
        for (JsonNode statement : statements) {
            speakerIds.add(statement.at("/speaker/id").asText());
            if (statement.hasNonNull("onBehalfOf")) {
                speakerIds.add(statement.at("/onBehalfOf/id").asText());
            }
            eventIds.add(statement.at("/event/id").asText());
        }
        List<JsonNode> speakers = read(SPEAKERS, speakerIds);
        List<JsonNode> events = read(EVENTS, eventIds);
        String ndjson = String.join("\n", statements.stream().map(JsonNode::toString).toList());

        emptyTheInstance();

        asEditor().contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports").then().statusCode(201)
                .body("created", equalTo(statements.size())).body("failed", equalTo(0));
        assertEquals(stable(statements), stable(export()));
        assertEquals(stable(speakers), stable(read(SPEAKERS, speakerIds)));
        assertEquals(stable(events), stable(read(EVENTS, eventIds)));
    }

    /** Deletes and purges every statement, then deletes every event and speaker. */
    private static void emptyTheInstance() {
        for (JsonNode statement : export()) {
            String path = STATEMENTS + "/" + statement.get("id").asText();
            asAdmin().delete(path).then().statusCode(204);
            asAdmin().post(path + "/purge").then().statusCode(204);
        }
        for (String collection : List.of(EVENTS, SPEAKERS)) {
            List<String> ids = anonymous().queryParam("size", 100).get(collection).then().statusCode(200)
                    .extract().path("items.id");
            ids.forEach(id -> asAdmin().delete(collection + "/" + id).then().statusCode(204));
            anonymous().get(collection).then().body("total", equalTo(0));
        }
        anonymous().get(STATEMENTS).then().body("total", equalTo(0));
    }

    private static List<JsonNode> export() {
        String body = anonymous().get(STATEMENTS + "/export").then().statusCode(200).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(parse(line));
            }
        }
        return lines;
    }

    private static List<JsonNode> read(String collection, Set<String> ids) {
        return ids.stream().map(id -> parse(anonymous().get(collection + "/" + id).then().statusCode(200)
                .extract().asString())).toList();
    }

    /** All but what a write sets anew (versions and timestamps, at any depth); in id order. */
    private static List<JsonNode> stable(List<JsonNode> records) {
        return TestData.withoutWriteStamps(records).stream()
                .sorted(Comparator.comparing(record -> record.get("id").asText())).toList();
    }

    private static JsonNode demoFile() {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(DemoData.RESOURCE)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

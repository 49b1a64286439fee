package org.verbatim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.anonymous;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

/**
 * Sends hostile variants of every operation in the served API description, each differing from a valid request in
 * one thing: a parameter, a body field, the whole body, the media type, the credentials. The server must never
 * fail (5xx), every refusal must be a problem document, and nothing stored may change except through a request the
 * server accepted. Reproducible: {@code -Dverbatim.fuzz.seed=<n>}; bounded: {@code -Dverbatim.fuzz.requests=<n>}.
 */
@QuarkusTest
class ApiFuzzTest {

    private static final Logger LOG = Logger.getLogger(ApiFuzzTest.class);

    private static final long SEED = Long.getLong("verbatim.fuzz.seed", 20250514L);
    private static final int REQUESTS = Integer.getInteger("verbatim.fuzz.requests", 3000);
    private static final String ADMIN = "Basic "
            + Base64.getEncoder().encodeToString("admin:admin-demo".getBytes(StandardCharsets.UTF_8));
    private static final List<String> RESOURCES = List.of("speakers", "events", "statements");
    /** Stands for a raw JSON value in a serialised body, replaced after serialisation. */
    private static final String MARKER = "\u0001fuzz\u0001";

    /** Properties of free text, which search indexes. */
    private static final Set<String> FREE_TEXT = Set.of("text", "name", "title", "affiliation", "aliases", "context",
            "speakerRole", "description", "topics", "publisher", "author", "city");

    private final ObjectMapper mapper = new ObjectMapper();
    private final String word = TestData.suffix();

    @TestHTTPResource("/")
    URL base;

    private record Param(String name, String in, JsonNode schema) {}

    private record Operation(String method, String path, List<Param> params, String mediaType, JsonNode body) {

        boolean writes() {
            return !"GET".equals(method);
        }

        /** A write that takes nothing, such as rebuilding the index, is valid whatever else is sent: only its
         *  credentials are worth varying. */
        boolean takesNothing() {
            return writes() && params.isEmpty() && body == null;
        }
    }

    private record Request(String mutation, String method, String target, Map<String, String> headers,
            byte[] body) {

        String describe() {
            String text = body == null ? "" : " body " + excerpt(new String(body, StandardCharsets.UTF_8));
            return "[" + mutation + "] " + method + " " + excerpt(target) + " " + headers.keySet() + text;
        }
    }

    @Test
    void hostileRequestsNeverBreakTheServiceNorChangeWhatIsStored() throws IOException {
        TestData.logFailures();
        JsonNode document = mapper.readTree(anonymous().queryParam("format", "json").get("/q/openapi").asString());
        List<Operation> operations = operations(document);
        assertTrue(operations.size() >= 20, "operations found in the API description: " + operations.size());

        Map<String, String> owned = ownRecords();
        RawHttp http = new RawHttp(base.getPort());
        Map<Operation, Request> valid = new LinkedHashMap<>();
        for (Operation operation : operations) {
            valid.put(operation, validRequest(document, operation, owned));
        }
        // The generator must build valid requests, or its variants test nothing but the first check they meet.
        for (Operation operation : operations) {
            if (!"DELETE".equals(operation.method()) && !operation.takesNothing() && !needsState(operation)) {
                Request request = valid.get(operation);
                RawHttp.Response response = send(http, request);
                assertTrue(response.status() < 300, () -> request.describe() + " -> " + response.status() + " "
                        + excerpt(response.text()));
            }
        }

        Map<String, Long> before = snapshot();
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Set<String> changedByValidWrites = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            Operation operation = operations.get(i % operations.size());
            Request request = mutate(operation, valid.get(operation), i / operations.size(), random);
            RawHttp.Response response;
            try {
                response = send(http, request);
            } catch (IOException e) {
                failures.add("no answer (" + e.getMessage() + "): " + request.describe());
                continue;
            }
            statuses.merge(response.status(), 1, Integer::sum);
            String problem = check(response);
            if (problem != null) {
                failures.add(response.status() + " " + problem + ": " + request.describe() + " -> "
                        + excerpt(response.text()));
            }
            if (operation.writes() && response.status() < 300) {
                changedByValidWrites.add(writtenId(request, response));
            }
        }
        Map<String, Long> after = snapshot();

        long answered = statuses.values().stream().mapToLong(Integer::longValue).sum();
        long serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(Map.Entry::getValue).sum();
        LOG.infof("fuzz: %d requests, %d server errors (seed %d; answers by status %s; %d accepted writes)", REQUESTS,
                serverErrors, SEED, statuses, changedByValidWrites.size());
        assertEquals(REQUESTS, answered, "requests answered");
        assertTrue(failures.isEmpty(), () -> failures.size() + " bad answers, the first ones:\n"
                + failures.stream().limit(20).collect(Collectors.joining("\n")));

        Set<String> changed = new HashSet<>(before.keySet());
        changed.addAll(after.keySet());
        changed.removeIf(id -> java.util.Objects.equals(before.get(id), after.get(id)));
        changed.removeAll(changedByValidWrites);
        assertTrue(changed.isEmpty(), () -> "records changed by requests that were refused: " + changed);
    }

    // --- The API description ------------------------------------------------------------------------------------

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String method = entry.getKey().toUpperCase(java.util.Locale.ROOT);
            if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                return;
            }
            JsonNode operation = entry.getValue();
            List<Param> params = new ArrayList<>();
            for (JsonNode param : operation.path("parameters")) {
                params.add(new Param(param.get("name").asText(), param.get("in").asText(), param.path("schema")));
            }
            String mediaType = null;
            JsonNode body = null;
            Iterator<Map.Entry<String, JsonNode>> content = operation.path("requestBody").path("content").fields();
            if (content.hasNext()) {
                Map.Entry<String, JsonNode> first = content.next();
                mediaType = first.getKey();
                body = first.getValue().path("schema");
            }
            operations.add(new Operation(method, path.getKey(), params, mediaType, body));
        }));
        return operations;
    }

    /** A valid value of a schema, from its examples; ids name the records this test owns. */
    private JsonNode example(JsonNode document, JsonNode schema, String property, Map<String, String> owned) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (FREE_TEXT.contains(property)) {
            // Not the examples' words: the records this test creates must not turn up in other tests' searches.
            // A new text each time: the same words twice would be one statement.
            JsonNode text = json.textNode("Fuzz " + word + " " + TestData.suffix());
            return schema.has("items") ? json.arrayNode().add(text) : text;
        }
        switch (property) {
            case "speakerId":
                return json.textNode(owned.get("speakers"));
            case "onBehalfOfId":
                return json.textNode(owned.get("organization"));
            case "eventId":
                return json.textNode(owned.get("events"));
            case "participantIds":
                return json.arrayNode().add(owned.get("speakers"));
            default:
                break;
        }
        if (schema.has("anyOf")) {
            JsonNode first = schema.get("anyOf").get(0);
            return schema.has("examples") ? schema.get("examples").get(0) : example(document, first, property, owned);
        }
        if (schema.has("$ref") && !schema.has("examples")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return example(document, document.get("components").get("schemas").get(name), property, owned);
        }
        if (schema.has("examples")) {
            return schema.get("examples").get(0);
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("properties")) {
            ObjectNode object = json.objectNode();
            schema.get("properties").fields().forEachRemaining(p -> {
                // Unique among speakers: the documented example is a real item that may be taken.
                if (!"wikidataId".equals(p.getKey())) {
                    object.set(p.getKey(), example(document, p.getValue(), p.getKey(), owned));
                }
            });
            return object;
        }
        if (schema.has("items")) {
            return json.arrayNode().add(example(document, schema.get("items"), "", owned));
        }
        return json.textNode("x");
    }

    // --- Requests -----------------------------------------------------------------------------------------------

    private Request validRequest(JsonNode document, Operation operation, Map<String, String> owned)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", ADMIN);
        byte[] body = null;
        if (operation.body() != null) {
            headers.put("Content-Type", operation.mediaType());
            body = mapper.writeValueAsBytes(example(document, operation.body(), "", owned));
        }
        // The first revision of a record: a number the service knows, though not necessarily of this record.
        String target = operation.path().replace("{id}", owned.get(resourceOf(operation.path())))
                .replace("{revision}", "1").replace("{name}", BACKUP_NAME);
        return new Request("valid", operation.method(), target, headers, body);
    }

    /** The valid request with one thing made hostile; which thing goes round, so every one is tried. */
    private Request mutate(Operation operation, Request valid, int round, Random random) throws IOException {
        List<String> mutations = new ArrayList<>();
        mutations.add("anonymous");
        if (!operation.takesNothing()) {
            operation.params().forEach(p -> mutations.add(p.in() + ":" + p.name()));
            if (!"DELETE".equals(operation.method())) {
                // An unknown parameter is ignored, so on a delete it would delete the record this test relies on.
                mutations.add("unknown-parameter");
            }
        }
        if (operation.body() != null) {
            mutations.addAll(List.of("body-field", "body-field", "body-field", "body", "content-type"));
        }
        String mutation = mutations.get(round % mutations.size());
        Map<String, String> headers = new LinkedHashMap<>(valid.headers());
        if (operation.takesNothing() || random.nextInt(5) == 0) {
            headers.remove("Authorization");
        }
        String target = valid.target();
        byte[] body = valid.body();
        switch (mutation) {
            case "anonymous" -> headers.remove("Authorization");
            case "unknown-parameter" -> target = withQuery(target,
                    encode(shortened(Hostile.pick(Hostile.TEXT, random))) + "=" + encode(Hostile.pick(Hostile.TEXT, random)));
            case "body-field" -> body = withField(body, random);
            case "body" -> body = random.nextInt(40) == 0
                    ? oversized()
                    : Hostile.pick(Hostile.malformedBodies(new String(body, StandardCharsets.UTF_8), random), random);
            case "content-type" -> {
                String type = Hostile.pick(Hostile.CONTENT_TYPES, random);
                if (type.isEmpty()) {
                    headers.remove("Content-Type");
                } else {
                    headers.put("Content-Type", type);
                }
            }
            default -> {
                Param param = operation.params().stream().filter(p -> mutation.equals(p.in() + ":" + p.name()))
                        .findFirst().orElseThrow();
                switch (param.in()) {
                    case "path" -> target = "revision".equals(param.name())
                            ? valid.target().replace("/history/1", "/history/" + Hostile.pick(Hostile.PATH_IDS, random))
                            : operation.path().replace("{id}", Hostile.pick(Hostile.PATH_IDS, random))
                                    .replace("{name}", Hostile.pick(Hostile.PATH_IDS, random))
                                    .replace("{revision}", "1");
                    case "header" -> headers.put(param.name(), Hostile.pick(Hostile.IF_MATCH, random));
                    default -> target = withQuery(target, queryValue(param, random));
                }
            }
        }
        return new Request(mutation, operation.method(), target, headers, body);
    }

    private static String queryValue(Param param, Random random) {
        String name = param.name();
        String type = param.schema().path("type").asText();
        if ("array".equals(type) && random.nextInt(3) == 0) {
            // More values than a repeatable filter takes, repeated or comma-separated.
            int count = 51 + random.nextInt(100);
            return random.nextBoolean()
                    ? IntStream.range(0, count).mapToObj(i -> name + "=v" + i).collect(Collectors.joining("&"))
                    : name + "=" + IntStream.range(0, count).mapToObj(i -> "v" + i).collect(Collectors.joining(","));
        }
        List<String> values = "q".equals(name) && random.nextBoolean() ? Hostile.QUERY_SYNTAX
                : "integer".equals(type) && random.nextBoolean() ? Hostile.INTEGERS
                : Hostile.TEXT;
        return name + "=" + encode(Hostile.pick(values, random));
    }

    /** The body with one field, object or array replaced by a hostile JSON value. */
    private byte[] withField(byte[] valid, Random random) throws IOException {
        JsonNode body = mapper.readTree(valid);
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(body, new ArrayList<>(), paths);
        List<Object> path = Hostile.pick(paths, random);
        JsonNode parent = body;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, JsonNodeFactory.instance.textNode(MARKER));
        } else {
            ((ObjectNode) parent).put((String) last, MARKER);
        }
        String json = mapper.writeValueAsString(body);
        String marker = mapper.writeValueAsString(MARKER);
        return json.replace(marker, Hostile.pick(Hostile.JSON_VALUES, random)).getBytes(StandardCharsets.UTF_8);
    }

    private static void collectPaths(JsonNode node, List<Object> path, List<List<Object>> paths) {
        if (!path.isEmpty()) {
            paths.add(List.copyOf(path));
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                path.add(name);
                collectPaths(node.get(name), path, paths);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                collectPaths(node.get(i), path, paths);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Just over the 2 MiB a body may carry. */
    private static byte[] oversized() {
        return ("{\"text\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String withQuery(String target, String query) {
        return target + (target.contains("?") ? "&" : "?") + query;
    }

    private static String shortened(String value) {
        return value.length() <= 50 ? value : value.substring(0, 50);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static RawHttp.Response send(RawHttp http, Request request) throws IOException {
        return http.send(request.method(), request.target(), request.headers(), request.body());
    }

    // --- Checks -------------------------------------------------------------------------------------------------

    /** What is wrong with an answer, or null. */
    private String check(RawHttp.Response response) {
        int status = response.status();
        if (status >= 500) {
            return "server error";
        }
        if (status < 400) {
            return null;
        }
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith(TestData.PROBLEM_JSON)) {
            return "refusal that is no problem document (Content-Type " + type + ")";
        }
        try {
            JsonNode problem = mapper.readTree(response.body());
            if (!problem.path("type").asText().startsWith("urn:verbatim:problem:")
                    || problem.path("title").asText().isBlank() || problem.path("status").asInt() != status) {
                return "incomplete problem document";
            }
        } catch (IOException e) {
            return "problem document that is no JSON";
        }
        try {
            TestData.assertNoInternals(response.text());
        } catch (AssertionError e) {
            return "internals in the answer";
        }
        return null;
    }

    /** The id a write that was accepted changed: the record it created, or the one in its path. */
    private String writtenId(Request request, RawHttp.Response response) throws IOException {
        if ("POST".equals(request.method()) && response.body().length > 0) {
            JsonNode created = mapper.readTree(response.body());
            if (created.has("id")) {
                return created.get("id").asText();
            }
        }
        String[] segments = request.target().split("\\?")[0].split("/");
        return segments.length > 4 ? java.net.URLDecoder.decode(segments[4], StandardCharsets.UTF_8) : request.target();
    }

    // --- Records ------------------------------------------------------------------------------------------------

    /** Records that valid requests and writes refer to, so that nothing else is written to. */
    private static Map<String, String> ownRecords() {
        Map<String, String> owned = new HashMap<>();
        owned.put("speakers", TestData.createPerson(TestData.unique("Fuzz Person")));
        owned.put("organization", TestData.createOrganization(TestData.unique("Fuzz Ministry")));
        owned.put("events", TestData.createEvent(TestData.unique("Fuzz Summit"), "2025-05-14"));
        owned.put("statements", TestData.createStatement(owned.get("speakers"), owned.get("events"), "2025-05-14"));
        return owned;
    }

    private static String resourceOf(String path) {
        return RESOURCES.stream().filter(r -> path.startsWith("/api/v1/" + r + "/")).findFirst().orElse("statements");
    }

    /** Every stored speaker, event and statement, by id, with its version. */
    private static Map<String, Long> snapshot() {
        Map<String, Long> versions = new HashMap<>();
        for (String resource : RESOURCES) {
            for (int page = 0; ; page++) {
                io.restassured.path.json.JsonPath list = anonymous().queryParam("size", 100).queryParam("page", page)
                        .get("/api/v1/" + resource).then().statusCode(200).extract().jsonPath();
                List<String> ids = list.getList("items.id", String.class);
                List<Long> itemVersions = list.getList("items.version", Long.class);
                for (int i = 0; i < ids.size(); i++) {
                    versions.put(ids.get(i), itemVersions.get(i));
                }
                if (ids.size() < 100) {
                    break;
                }
            }
        }
        return versions;
    }

    private static String excerpt(String text) {
        String flat = text.replace("\r", "\\r").replace("\n", "\\n");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "… (" + flat.length() + " characters)";
    }

    /**
     * Operations whose valid request needs a state the generator does not build: a revision of the record, an
     * import, or a deleted statement to restore or purge. They are fuzzed all the same.
     */
    /** The name of a backup, which exists only where a test made it. */
    private static final String BACKUP_NAME = "verbatim-20250625T093000Z.zip";

    private static boolean needsState(Operation operation) {
        return operation.path().contains("{revision}") || operation.path().startsWith("/api/v1/imports/")
                || operation.path().endsWith("/restore") || operation.path().endsWith("/purge")
                || operation.path().startsWith("/api/v1/admin/backups/");
    }
}

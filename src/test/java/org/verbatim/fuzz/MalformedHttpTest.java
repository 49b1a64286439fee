package org.verbatim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.verbatim.TestData;

/**
 * Requests so malformed that the HTTP server, not the API, refuses them. Where the service can answer, it answers
 * with a problem document; the cases the HTTP server answers itself, with an empty body, are pinned here so that a
 * change of the framework's behaviour is noticed. None is ever a server error.
 */
@QuarkusTest
class MalformedHttpTest {

    private static final Map<String, String> ADMIN = Map.of("Authorization", "Basic "
            + Base64.getEncoder().encodeToString("admin:admin-demo".getBytes(StandardCharsets.UTF_8)));

    @TestHTTPResource("/")
    URL base;

    private RawHttp http() {
        return new RawHttp(base.getPort());
    }

    private static void assertProblem(RawHttp.Response response, int status, String slug) throws IOException {
        assertEquals(status, response.status(), response::text);
        assertTrue(response.header("Content-Type").startsWith(TestData.PROBLEM_JSON), response.header("Content-Type"));
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertEquals("urn:verbatim:problem:" + slug, problem.path("type").asText());
        assertEquals(status, problem.path("status").asInt());
    }

    /** Answered by the HTTP server before any of the service's code runs: a status and no body. */
    private static void assertBareRefusal(RawHttp.Response response, int status) {
        assertEquals(status, response.status(), response::text);
        assertEquals(0, response.body().length, response::text);
    }

    @Test
    void withoutAHostHeaderTheAnswerIsAProblem() throws IOException {
        RawHttp.Response response = http().sendRaw(
                "GET /api/v1/speakers HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertProblem(response, 400, "malformed-request");
    }

    @Test
    void aChunkedBodyOverTheLimitIsAProblem() throws IOException {
        byte[] body = ("{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(http().sendChunked("POST", "/api/v1/speakers", jsonAsAdmin(), body), 413, "body-too-large");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws IOException {
        String name = "Chunked Speaker " + System.nanoTime();
        // Padded with whitespace past the buffer the REST layer reads in one go.
        byte[] body = ("{\"name\": \"" + name + "\", \"kind\": \"PERSON\"" + " ".repeat(100_000) + "}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = http().sendChunked("POST", "/api/v1/speakers", jsonAsAdmin(), body);
        assertEquals(201, response.status(), response::text);
        assertEquals(name, new ObjectMapper().readTree(response.body()).path("name").asText());
    }

    private static Map<String, String> jsonAsAdmin() {
        Map<String, String> headers = new java.util.HashMap<>(ADMIN);
        headers.put("Content-Type", "application/json");
        return headers;
    }

    @Test
    void anUndecodablePercentEscapeIsRefusedBeforeRouting() throws IOException {
        assertBareRefusal(http().send("GET", "/api/v1/speakers/%ZZ", Map.of(), null), 400);
        assertBareRefusal(http().send("GET", "/api/v1/statements?q=%E", Map.of(), null), 400);
    }

    @Test
    void whatTheHttpCodecCannotParseIsRefused() throws IOException {
        assertBareRefusal(http().send("GET", "/api/v1/statements?q=" + "a".repeat(5000), Map.of(), null), 414);
        assertBareRefusal(http().send("GET", "/api/v1/statements", Map.of("X-Padding", "a".repeat(30_000)), null),
                431);
        assertBareRefusal(http().sendRaw("HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 400);
        assertBareRefusal(http().sendRaw(("POST /api/v1/speakers HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n"
                + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII)), 400);
    }

    @Test
    void invalidUtf8AndNulInAPathAreANotFoundProblem() throws IOException {
        for (String id : new String[] {"%FF%FE", "%ED%A0%80", "%00", "..%2F..%2Fq%2Fhealth"}) {
            assertProblem(http().send("GET", "/api/v1/speakers/" + id, Map.of(), null), 404, "not-found");
        }
    }
}

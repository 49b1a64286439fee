package org.verbatim.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** The test cases of RFC 7396, Appendix A: original | patch | result. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"b\"}                | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                | {\"b\":\"c\"}                    | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                | {\"a\":null}                     | {}",
            "{\"a\":\"b\",\"b\":\"c\"}    | {\"a\":null}                     | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}              | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
            "{\"a\":\"c\"}                | {\"a\":[\"b\"]}                  | {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}        | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}      | {\"a\":[1]}                      | {\"a\":[1]}",
            "[\"a\",\"b\"]                | [\"c\",\"d\"]                    | [\"c\",\"d\"]",
            "{\"a\":\"b\"}                | [\"c\"]                          | [\"c\"]",
            "{\"a\":\"foo\"}              | null                             | null",
            "{\"a\":\"foo\"}              | \"bar\"                          | \"bar\"",
            "{\"e\":null}                 | {\"a\":1}                        | {\"e\":null,\"a\":1}",
            "[1,2]                        | {\"a\":\"b\",\"c\":null}         | {\"a\":\"b\"}",
            "{}                           | {\"a\":{\"bb\":{\"ccc\":null}}}  | {\"a\":{\"bb\":{}}}",
    })
    void rfc7396AppendixA(String original, String patch, String expected) throws JsonProcessingException {
        assertEquals(json(expected), JsonMergePatch.apply(json(original), json(patch)));
    }

    /** The example of RFC 7396, section 3. */
    @Test
    void rfc7396Section3Example() throws JsonProcessingException {
        JsonNode target = json("""
                {"title": "Goodbye!",
                 "author": {"givenName": "John", "familyName": "Doe"},
                 "tags": ["example", "sample"],
                 "content": "This will be unchanged"}""");
        JsonNode patch = json("""
                {"title": "Hello!",
                 "phoneNumber": "+01-123-456-7890",
                 "author": {"familyName": null},
                 "tags": ["example"]}""");
        JsonNode expected = json("""
                {"title": "Hello!",
                 "author": {"givenName": "John"},
                 "tags": ["example"],
                 "content": "This will be unchanged",
                 "phoneNumber": "+01-123-456-7890"}""");
        assertEquals(expected, JsonMergePatch.apply(target, patch));
    }

    @Test
    void neitherTargetNorPatchIsModified() throws JsonProcessingException {
        JsonNode target = json("{\"a\":{\"b\":\"c\"},\"d\":1}");
        JsonNode patch = json("{\"a\":{\"b\":null,\"x\":[1]},\"d\":null}");

        JsonNode result = JsonMergePatch.apply(target, patch);

        assertEquals(json("{\"a\":{\"x\":[1]}}"), result);
        assertEquals(json("{\"a\":{\"b\":\"c\"},\"d\":1}"), target);
        assertEquals(json("{\"a\":{\"b\":null,\"x\":[1]},\"d\":null}"), patch);
    }

    @Test
    void missingTargetIsTreatedAsAnEmptyObject() throws JsonProcessingException {
        assertEquals(json("{\"a\":1}"), JsonMergePatch.apply(null, json("{\"a\":1,\"b\":null}")));
    }
}

package org.verbatim.common.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.EntityTag;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;

class VersionsTest {

    @Test
    void etagIsTheStrongQuotedVersion() {
        EntityTag etag = Versions.etag(3);
        assertEquals("3", etag.getValue());
        assertFalse(etag.isWeak());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "*", " * "})
    void noHeaderOrWildcardAsksForNoVersion(String ifMatch) {
        assertEquals(OptionalLong.empty(), Versions.expectedVersion(ifMatch));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"3\"      | 3",
            "3          | 3",
            "W/\"12\"   | 12",
            "' \"0\" '  | 0",
            "\"abc\"    | -1",
            "\"\"       | -1",
    })
    void versionNamedByIfMatch(String ifMatch, long expected) {
        assertEquals(OptionalLong.of(expected), Versions.expectedVersion(ifMatch));
    }

    @Test
    void requirePassesWithoutAnExpectationOrWithTheCurrentVersion() {
        assertDoesNotThrow(() -> Versions.require(OptionalLong.empty(), 5));
        assertDoesNotThrow(() -> Versions.require(OptionalLong.of(5), 5));
    }

    @Test
    void requireFailsWithAStaleVersionProblem() {
        ApiException e = assertThrows(ApiException.class, () -> Versions.require(OptionalLong.of(4), 5));
        assertEquals(ProblemType.STALE_VERSION, e.type());
        assertEquals(412, e.type().status());
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void anUnparseableTagNeverMatches() {
        OptionalLong expected = Versions.expectedVersion("\"not-a-version\"");
        assertThrows(ApiException.class, () -> Versions.require(expected, 0));
    }
}

package org.verbatim.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementReadsTest {

    @Test
    void idsArePaddedToTheNextPowerOfTwoWithTheLastOne() {
        assertEquals(List.of("a"), StatementReads.padded(List.of("a")));
        assertEquals(List.of("a", "b"), StatementReads.padded(List.of("a", "b")));
        assertEquals(List.of("a", "b", "c", "c"), StatementReads.padded(List.of("a", "b", "c")));
        assertEquals(32, StatementReads.padded(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                "n", "o", "p", "q", "r", "s", "t")).size());
    }
}

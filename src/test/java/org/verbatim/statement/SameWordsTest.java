package org.verbatim.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SameWordsTest {

    @Test
    void caseWhitespaceQuotesAndPunctuationDoNotMatter() {
        String key = SameWords.key("Our top priority remains bringing an end to the fighting.");
        assertEquals(key, SameWords.key("  our TOP priority remains\n bringing an end to the fighting"));
        assertEquals(key, SameWords.key("“Our top priority remains bringing an end to the fighting”"));
        assertEquals(key, SameWords.key("\"Our top priority — remains bringing an end to the fighting!\""));
    }

    @Test
    void wordsAccentsAndDigitsDo() {
        String key = SameWords.key("A 30-day ceasefire now");
        assertNotEquals(key, SameWords.key("A 31-day ceasefire now"));
        assertNotEquals(key, SameWords.key("A 30-day ceasefire"));
        assertNotEquals(SameWords.key("résumé"), SameWords.key("resume"));
    }

    @Test
    void composedAndDecomposedAccentsAreTheSame() {
        assertEquals(SameWords.key("Erdoğan"), SameWords.key("Erdog\u0306an"));
        assertEquals("erdoğan said it s time", SameWords.normalise("Erdoğan said: “it’s time”"));
    }

    @Test
    void aKeyIsAHexDigestOfFixedLength() {
        assertEquals(64, SameWords.key("x".repeat(50_000)).length());
    }
}

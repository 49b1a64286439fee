package org.verbatim.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FoldingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Recep Tayyip Erdoğan   | recep tayyip erdogan",
            "ERDOĞAN                | erdogan",
            "İstanbul               | istanbul",
            "Kılıçdaroğlu           | kilicdaroglu",
            "Łódź                   | lodz",
            "Straße                 | strasse",
            "Søren Ørsted           | soren orsted",
            "Đorđe                  | dorde",
            "Zelenskyy’s ‘plan’     | zelenskyy's 'plan'",
            "Réunion                | reunion",
            "ﬁnance                 | finance",
            "Владимир               | владимир",
    })
    void foldsCaseAndAccents(String text, String folded) {
        assertEquals(folded, Folding.fold(text));
    }

    @Test
    void collapsesAndTrimsWhitespace() {
        assertEquals("new york city", Folding.fold("  New\tYork \n  City  "));
    }

    @Test
    void nullFoldsToEmpty() {
        assertEquals("", Folding.fold(null));
    }

    @Test
    void likeContainsEscapesWildcardsAndFolds() {
        assertEquals("%50\\% \\_a\\\\b%", Folding.likeContains("50% _A\\b"));
        assertEquals("%erdogan%", Folding.likeContains(" Erdoğan "));
    }
}

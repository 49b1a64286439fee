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
    void wordsDropPunctuationAndWildcards() {
        assertEquals("u s europe alliance", Folding.words("U.S.-Europe  Alliance"));
        assertEquals("50 a b", Folding.words("50% _A\\b"));
    }

    @Test
    void searchTextPrefixesEveryWordWithASpace() {
        assertEquals(" recep tayyip erdogan erdogan", Folding.searchText("Recep Tayyip Erdoğan", null, "Erdogan"));
    }

    @Test
    void nameQueryRequiresEveryWordAsAPrefix() {
        Folding.NameQuery query = Folding.nameQuery("s.searchText", "Marco  RUB%");
        assertEquals(java.util.List.of("s.searchText like :word0", "s.searchText like :word1"), query.conditions());
        assertEquals("% marco%", query.params().get("word0"));
        assertEquals("% rub%", query.params().get("word1"));
        assertEquals(" marco rub%", query.params().get("namePrefix"));
    }
}

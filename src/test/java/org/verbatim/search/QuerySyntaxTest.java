package org.verbatim.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuerySyntaxTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiterString = "=>", value = {
            "ceasefire ukraine => ceasefire ukraine",
            "\"immediate ceasefire\" => \"immediate ceasefire\"",
            "ceasefire OR truce => (ceasefire | truce)",
            "nato ceasefire OR truce OR peace => nato (ceasefire | truce | peace)",
            "ceasefire -russia => ceasefire -russia",
            "diplom* => diplom*",
            "“shared goal” => \"shared goal\"",
            "\"unbalanced quote => unbalanced quote",
            "OR ceasefire OR => ceasefire",
            "a + b | c (d) => a b c d",
            "30-day ceasefire => \"30 day\" ceasefire",
            "- => ''",
            "isn’t AND diplomacy => isn’t diplomacy",
    })
    void translatesWebSearchSyntax(String input, String expected) {
        assertEquals(expected, QuerySyntax.translate(input));
    }
}

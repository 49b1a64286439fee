package org.verbatim.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The remote index's quote rules come from the embedded index's file; a rule it cannot read fails here first. */
class ElasticsearchAnalysisTest {

    @Test
    void quoteRulesAreInTheClusterSyntax() {
        List<String> rules = ElasticsearchAnalysis.quoteMappings();
        assertFalse(rules.isEmpty());
        assertTrue(rules.contains("\\u2019=>'"), rules.toString());
        assertTrue(rules.contains("\\u201C=>\\\""), rules.toString());
        for (String rule : rules) {
            assertTrue(rule.matches("[^\"\\s]+=>[^\\s]+"), rule);
        }
    }
}

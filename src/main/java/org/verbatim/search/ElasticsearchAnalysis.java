package org.verbatim.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.search.backend.elasticsearch.analysis.ElasticsearchAnalysisConfigurationContext;
import org.hibernate.search.backend.elasticsearch.analysis.ElasticsearchAnalysisConfigurer;

/**
 * The analyzers of {@link SearchAnalysis}, under the same names, for an Elasticsearch or OpenSearch index: the same
 * texts give the same terms on either backend, so queries behave alike.
 */
public class ElasticsearchAnalysis implements ElasticsearchAnalysisConfigurer {

    private static final Pattern RULE = Pattern.compile("^\"(.*)\"\\s*=>\\s*\"(.*)\"$");

    @Override
    public void configure(ElasticsearchAnalysisConfigurationContext context) {
        context.charFilter("plain_quotes").type("mapping").param("mappings", quoteMappings().toArray(String[]::new));
        context.tokenFilter("english_possessive").type("stemmer").param("language", "possessive_english");
        // "stop" without parameters is Lucene's English stop set, as in the embedded index.
        context.analyzer(SearchAnalysis.ENGLISH).custom()
                .tokenizer("standard")
                .charFilters("plain_quotes")
                .tokenFilters("english_possessive", "lowercase", "asciifolding", "stop", "porter_stem");
        context.analyzer(SearchAnalysis.FOLDED).custom()
                .tokenizer("standard")
                .charFilters("plain_quotes")
                .tokenFilters("elision", "lowercase", "asciifolding", "stop");
        context.normalizer(SearchAnalysis.LOWERCASE).custom()
                .tokenFilters("lowercase", "asciifolding");
    }

    /**
     * The rules of the embedded index's mapping file, in the cluster's syntax ({@code a=>b}, with the same escapes),
     * so that one list serves both backends.
     */
    static List<String> quoteMappings() {
        try (InputStream in = ElasticsearchAnalysis.class.getClassLoader().getResourceAsStream(SearchAnalysis.QUOTES)) {
            if (in == null) {
                throw new IllegalStateException(SearchAnalysis.QUOTES + " is missing");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> {
                        Matcher rule = RULE.matcher(line);
                        if (!rule.matches()) {
                            throw new IllegalStateException(SearchAnalysis.QUOTES + ": not a mapping rule: " + line);
                        }
                        return rule.group(1) + "=>" + rule.group(2);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

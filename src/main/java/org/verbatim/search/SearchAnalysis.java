package org.verbatim.search;

import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;

/**
 * How texts are cut into searchable terms. Curly quotes and apostrophes become straight ones before tokenising, and
 * accents are folded, so "Erdogan" finds "Erdoğan" and "isn't" finds "isn’t"; English text is also stemmed.
 */
public class SearchAnalysis implements LuceneAnalysisConfigurer {

    public static final String ENGLISH = "english_stemmed";
    public static final String FOLDED = "folded";
    public static final String LOWERCASE = "lowercase";
    /** Curly quotes to straight ones: the mapping char filter's rules, shared with {@link ElasticsearchAnalysis}. */
    static final String QUOTES = "org/verbatim/search/quotes.txt";

    @Override
    public void configure(LuceneAnalysisConfigurationContext context) {
        context.analyzer(ENGLISH).custom()
                .tokenizer("standard")
                .charFilter("mapping").param("mapping", QUOTES)
                .tokenFilter("englishPossessive")
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding")
                .tokenFilter("stop")
                .tokenFilter("porterStem");
        // For names, context and languages other than English: no stemming, but the same stop words as the
        // English field (a query term must be droppable in every field it is searched in) and elided articles.
        context.analyzer(FOLDED).custom()
                .tokenizer("standard")
                .charFilter("mapping").param("mapping", QUOTES)
                .tokenFilter("elision")
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding")
                .tokenFilter("stop");
        context.normalizer(LOWERCASE).custom()
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding");
    }
}

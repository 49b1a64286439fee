package org.verbatim.statement;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The full-text index of statements, kept in step with the database by the search feature. */
public interface FullTextSearch {

    /** Refuses (503) while the index cannot answer, as {@link #search} and {@link #similar} do. */
    void requireAvailable();

    /**
     * Indexes every change committed so far before it returns, where changes are otherwise indexed in the
     * background: an import ends with it, so that its statements are found as soon as it has ended. A failure is
     * logged, and the background indexing retries.
     */
    void catchUp();

    /** Whether the index can answer now (it cannot while it is rebuilt). */
    boolean available();

    /** How deep into the results the index answers: pages beyond are read from the database. */
    int MAX_OFFSET = 10_000;

    SearchResult search(SearchQuery query);

    /**
     * Every statement matching the query (its offset and limit aside), in its order, a chunk of ids at a time, from
     * one view of the index however many there are: where {@link #search} pages through the first
     * {@link #MAX_OFFSET} only, an export reads them all.
     */
    Matches matches(SearchQuery query, int chunkSize);

    /** The ids of a query's matches, read a chunk at a time; holds the index's view open until closed. */
    interface Matches extends AutoCloseable {

        /** The ids of the next chunk, in order; empty after the last. */
        List<String> next();

        @Override
        void close();
    }

    /** Ids of the statements whose words are most like this one's, best first, without the statement itself. */
    List<String> similar(String statementId, String text, int limit);

    /** What facets a search can count; the API names them in lower case. */
    @Schema(name = "Facet", enumeration = {"speaker", "event", "kind", "topic", "year", "publisher"})
    enum Facet {
        SPEAKER, EVENT, KIND, TOPIC, YEAR, PUBLISHER;

        public String parameter() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code text} is the user's query (may be null: filters only). */
    record SearchQuery(String text, StatementFilter filter, StatementSort sort, Set<Facet> facets, int offset,
            int limit) {}

    record SearchResult(List<Hit> hits, long total, Map<Facet, List<FacetCount>> facets) {}

    /**
     * A matching statement; {@code highlight} is its HTML-escaped text with the matched words in mark tags, and
     * {@code statement} the statement as the index holds it, or null where the index does not hold it whole (it is
     * then read from the database).
     */
    record Hit(String id, String highlight, StatementResponse statement) {}

    record FacetCount(String value, long count) {}
}

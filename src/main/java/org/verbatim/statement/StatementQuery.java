package org.verbatim.statement;

import java.util.Set;

/** A request for a list of statements: the full-text query (or null), filters, order and facets. */
public record StatementQuery(String text, StatementFilter filter, StatementSort sort,
        Set<FullTextSearch.Facet> facets) {

    /** Plain filtered lists are answered by the database; everything else needs the search index. */
    boolean needsIndex() {
        return text != null || !facets.isEmpty() || sort == StatementSort.RELEVANCE;
    }

    StatementQuery withFilter(StatementFilter newFilter) {
        return new StatementQuery(text, newFilter, sort, facets);
    }
}

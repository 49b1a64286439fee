package org.verbatim.statement;

import org.verbatim.common.error.ApiException;

/** Orders of a statement list; ties are broken by id so that pages are stable. */
public enum StatementSort {
    /** Best match first (BM25), for a full-text query; without one it falls back to newest first. */
    RELEVANCE("relevance", "s.statedOn desc, s.id desc"),
    STATED_ON_ASC("statedOn", "s.statedOn asc, s.id asc"),
    STATED_ON_DESC("-statedOn", "s.statedOn desc, s.id desc"),
    /** Most reported first. */
    SOURCE_COUNT_DESC("-sourceCount", "s.sourceCount desc, s.id desc"),
    SOURCE_COUNT_ASC("sourceCount", "s.sourceCount asc, s.id asc"),
    /** Earliest published first; statements whose sources carry no date come last either way. */
    FIRST_PUBLISHED_ASC("firstPublishedOn", "s.firstPublishedOn asc nulls last, s.id asc"),
    FIRST_PUBLISHED_DESC("-firstPublishedOn", "s.firstPublishedOn desc nulls last, s.id desc");

    static final String PARAMETERS = "relevance, statedOn, -statedOn, sourceCount, -sourceCount, firstPublishedOn,"
            + " -firstPublishedOn";

    private final String parameter;
    private final String orderBy;

    StatementSort(String parameter, String orderBy) {
        this.parameter = parameter;
        this.orderBy = orderBy;
    }

    String orderBy() {
        return orderBy;
    }

    /** The sort asked for; by default relevance when there is a query, newest first otherwise. */
    public static StatementSort parse(String value, boolean hasQuery) {
        if (value == null || value.isBlank()) {
            return hasQuery ? RELEVANCE : STATED_ON_DESC;
        }
        for (StatementSort sort : values()) {
            if (sort.parameter.equals(value.trim())) {
                return sort;
            }
        }
        throw ApiException.invalid("sort", "'" + value + "' is not one of [" + PARAMETERS + "]");
    }
}

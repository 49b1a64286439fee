package org.verbatim.common.db;

/** A row's id and name, read by projection where nothing else of the row is needed (the labels of facets). */
public record IdAndName(String id, String name) {
}

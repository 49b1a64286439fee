package org.verbatim.common.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The {@code page} and {@code size} query parameters every list takes. They arrive as text so that a value that is
 * not a number is a 400 naming the parameter (a failed JAX-RS conversion would be a 404).
 */
public class PageRequest {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deep pages are a scan of everything before them; past this, clients should narrow the filters. */
    public static final int MAX_PAGE = 10_000;

    @RestQuery("page")
    @Parameter(name = "page", description = "0-based page number.", example = "0",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + MAX_PAGE, defaultValue = "0"))
    String pageParam;

    @RestQuery("size")
    @Parameter(name = "size", description = "Page size, 1 to 100.", example = "20",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_SIZE,
                    defaultValue = "" + DEFAULT_SIZE))
    String sizeParam;

    public PageRequest() {}

    public PageRequest(int page, int size) {
        this.pageParam = Integer.toString(page);
        this.sizeParam = Integer.toString(size);
    }

    public int page() {
        return QueryParams.integer("page", pageParam, 0, 0, MAX_PAGE);
    }

    public int size() {
        return QueryParams.integer("size", sizeParam, DEFAULT_SIZE, 1, MAX_SIZE);
    }

    public int offset() {
        return page() * size();
    }
}

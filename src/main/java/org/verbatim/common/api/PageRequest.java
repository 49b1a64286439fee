package org.verbatim.common.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/** The {@code page} and {@code size} query parameters every list takes. */
public class PageRequest {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deep pages are a scan of everything before them; past this, clients should narrow the filters. */
    public static final int MAX_PAGE = 10_000;

    @RestQuery
    @DefaultValue("0")
    @Min(value = 0, message = "must be 0 or more")
    @Max(value = MAX_PAGE, message = "must be at most " + MAX_PAGE)
    @Parameter(description = "0-based page number.", example = "0")
    public int page;

    @RestQuery
    @DefaultValue("" + DEFAULT_SIZE)
    @Min(value = 1, message = "must be between 1 and " + MAX_SIZE)
    @Max(value = MAX_SIZE, message = "must be between 1 and " + MAX_SIZE)
    @Parameter(description = "Page size, 1 to 100.", example = "20")
    public int size;

    public PageRequest() {}

    public PageRequest(int page, int size) {
        this.page = page;
        this.size = size;
    }

    public int offset() {
        return page * size;
    }
}

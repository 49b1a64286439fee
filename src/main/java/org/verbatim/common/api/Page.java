package org.verbatim.common.api;

import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list. */
public record Page<T>(
        @Schema(description = "The items of this page, in the requested order.") List<T> items,
        @Schema(description = "0-based page number.", examples = "0") int page,
        @Schema(description = "Page size that was applied.", examples = "20") int size,
        @Schema(description = "Number of items matching the request, over all pages.", examples = "7") long total) {

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), page, size, total);
    }
}

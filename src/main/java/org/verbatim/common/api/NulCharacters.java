package org.verbatim.common.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;

/**
 * Refuses a NUL character (U+0000, sent as {@code %00}) anywhere in the path or the query before any resource
 * sees it: PostgreSQL cannot compare text holding one, so an id or a filter with it would fail the query. No
 * record's id has one, so in the path it is a 404; in a parameter, a 400 that names it. (Bodies are checked by
 * {@code StrictJson}.)
 */
public class NulCharacters {

    private static final String NUL = "\u0000";
    private static final String MESSAGE = "must not contain the NUL character (U+0000)";

    @ServerRequestFilter(preMatching = true)
    public void refuse(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
            String name = parameter.getKey();
            if (name.contains(NUL)) {
                throw ApiException.invalid(name.replace(NUL, "\\u0000"), MESSAGE);
            }
            for (String value : parameter.getValue()) {
                if (value.contains(NUL)) {
                    throw ApiException.invalid(name, MESSAGE);
                }
            }
        }
        if (uri.getPath().contains(NUL)) {
            throw new ApiException(ProblemType.NOT_FOUND, "There is nothing at this path: an id never contains"
                    + " the NUL character (U+0000).");
        }
    }
}

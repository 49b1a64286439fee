package org.verbatim.common.api;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

/** Responses that carry a resource's version as ETag. */
public final class Responses {

    private Responses() {}

    /** 200 with an ETag, or 304 when the client's If-None-Match already names this version. */
    public static <T> RestResponse<T> read(Request request, T body, long version) {
        EntityTag etag = Versions.etag(version);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return RestResponse.ResponseBuilder.<T>notModified().tag(etag).build();
        }
        return RestResponse.ResponseBuilder.ok(body).tag(etag).build();
    }

    public static <T> RestResponse<T> ok(T body, long version) {
        return RestResponse.ResponseBuilder.ok(body).tag(Versions.etag(version)).build();
    }

    public static <T> RestResponse<T> created(UriInfo uri, String id, T body, long version) {
        return RestResponse.ResponseBuilder.<T>created(uri.getAbsolutePathBuilder().path(id).build())
                .entity(body)
                .tag(Versions.etag(version))
                .build();
    }
}

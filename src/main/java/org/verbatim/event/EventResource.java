package org.verbatim.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.verbatim.common.api.MediaTypes;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.QueryParams;
import org.verbatim.common.api.Responses;
import org.verbatim.common.api.Versions;
import org.verbatim.common.error.Problem;
import org.verbatim.common.history.History;
import org.verbatim.common.history.Revision;
import org.verbatim.security.Roles;

@Path("/api/v1/events")
@Tag(name = "Events", description = "Summits, calls, briefings, interviews: the occasions statements were made at.")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventService service;
    private final SecurityIdentity identity;

    public EventResource(EventService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listEvents", summary = "List and find events",
            description = "Newest first. With `q`, every word of it must start a word of the name or city, ignoring"
                    + " case and accents, and names that start with `q` come first. `from`/`to` select events that"
                    + " overlap the range.")
    @APIResponse(responseCode = "200", description = "A page of events.")
    public Page<EventResponse> list(
            @RestQuery @Parameter(description = "Words or word beginnings to find in the name or city.", example = "antal") String q,
            @RestQuery @Parameter(description = "Only events of these kinds (repeatable).",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = EventKind.class)) List<String> kind,
            @RestQuery @Parameter(description = "Events that end on or after this date.", example = "2025-05-01",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) String from,
            @RestQuery @Parameter(description = "Events that start on or before this date.", example = "2025-05-31",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) String to,
            @RestQuery @Parameter(description = "Events with any of these speakers taking part (repeatable).")
            List<String> participantId,
            @BeanParam PageRequest page) {
        var filter = new EventRepository.Filter(QueryParams.text("q", q, 200),
                QueryParams.enums("kind", kind, EventKind.class), QueryParams.date("from", from),
                QueryParams.date("to", to), QueryParams.strings("participantId", participantId));
        QueryParams.requireOrdered(filter.from(), filter.to());
        return service.list(filter, page);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getEvent", summary = "Read an event",
            description = "Sends the version as ETag; with a matching If-None-Match the answer is 304.")
    @APIResponse(responseCode = "200", description = "The event.")
    @APIResponse(responseCode = "304", description = "Not modified since the version named in If-None-Match.")
    public RestResponse<EventResponse> get(@RestPath @Parameter(description = "Id of the event.") String id, Request request) {
        EventResponse event = service.get(id);
        return Responses.read(request, event, event.version());
    }

    @GET
    @Path("{id}/history")
    @Operation(operationId = "listEventHistory", summary = "History of an event",
            description = "Every revision of the event, newest first: what changed it (CREATED, UPDATED,"
                    + " DELETED), who, when, and the whole event as it was then. Readable like the event; the"
                    + " history of a deleted event needs role admin.")
    @APIResponse(responseCode = "200", description = "A page of revisions.")
    public Page<Revision<EventResponse>> history(
            @RestPath @Parameter(description = "Id of the event.") String id,
            @BeanParam PageRequest page) {
        return service.history(id, page, identity.hasRole(Roles.ADMIN));
    }

    @GET
    @Path("{id}/history/{revision}")
    @Operation(operationId = "getEventRevision", summary = "An event as one revision left it",
            description = "Readable like the history. 404 when that revision did not change this event.")
    @APIResponse(responseCode = "200", description = "The revision.")
    public Revision<EventResponse> revision(
            @RestPath @Parameter(description = "Id of the event.") String id,
            @RestPath @Parameter(description = "Number of the revision, from the history.", example = "42",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) String revision) {
        return service.revision(id, History.revisionNumber(revision), identity.hasRole(Roles.ADMIN));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "createEvent", summary = "Create an event", description = "Needs role editor.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new event.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EventResponse.class)))
    @APIResponse(responseCode = "422", description = "A participant id names no speaker.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<EventResponse> create(
            @RequestBody(required = true) @Valid @NotNull(message = "a JSON body is required") EventRequest body,
            UriInfo uri) {
        EventResponse event = service.create(body);
        return Responses.created(uri, event.id(), event, event.version());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "replaceEvent", summary = "Replace an event",
            description = "Needs role editor. Fields left out are cleared. With If-Match, only that version is replaced.")
    @APIResponse(responseCode = "200", description = "The event as stored now.")
    @APIResponse(responseCode = "422", description = "A participant id names no speaker.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<EventResponse> replace(
            @RestPath @Parameter(description = "Id of the event.") String id,
            @RequestBody(required = true) @Valid @NotNull(message = "a JSON body is required") EventRequest body,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being replaced.", example = "\"0\"") String ifMatch) {
        EventResponse event = service.replace(id, body, Versions.expectedVersion(ifMatch));
        return Responses.ok(event, event.version());
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaTypes.MERGE_PATCH_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "patchEvent", summary = "Change some fields of an event",
            description = "Needs role editor. A JSON Merge Patch (RFC 7396): fields sent replace, null clears.")
    @APIResponse(responseCode = "200", description = "The event as stored now.")
    @APIResponse(responseCode = "422", description = "A participant id names no speaker.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<EventResponse> patch(
            @RestPath @Parameter(description = "Id of the event.") String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaTypes.MERGE_PATCH_JSON,
                    schema = @Schema(implementation = EventRequest.class, requiredProperties = {}),
                    example = "{\"endDate\": \"2025-05-15\"}")) JsonNode patch,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being changed.", example = "\"0\"") String ifMatch) {
        EventResponse event = service.patch(id, patch, Versions.expectedVersion(ifMatch));
        return Responses.ok(event, event.version());
    }

    @DELETE
    @Path("{id}")
    // Nothing is sent back on success, so a client that accepts only problem documents is fine.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteEvent", summary = "Delete an event",
            description = "Needs role admin. Refused while statements reference the event.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "409", description = "Statements still reference the event.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(
            @RestPath @Parameter(description = "Id of the event.") String id,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being deleted.", example = "\"0\"") String ifMatch) {
        service.delete(id, Versions.expectedVersion(ifMatch));
    }
}

package org.verbatim.speaker;

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

@Path("/api/v1/speakers")
@Tag(name = "Speakers", description = "People and organisations that statements are attributed to.")
@Produces(MediaType.APPLICATION_JSON)
public class SpeakerResource {

    private final SpeakerService service;
    private final SecurityIdentity identity;

    public SpeakerResource(SpeakerService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listSpeakers", summary = "List and find speakers",
            description = "Ordered by name. With `q`, every word of it must start a word of the name or of an alias"
                    + " (`rub` finds Marco Rubio), ignoring case and accents; names that start with `q` come first.")
    @APIResponse(responseCode = "200", description = "A page of speakers.")
    public Page<SpeakerResponse> list(
            @RestQuery @Parameter(description = "Words or word beginnings to find in the name or aliases.", example = "rub") String q,
            @RestQuery @Parameter(description = "Only speakers of these kinds (repeatable).",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = SpeakerKind.class)) List<String> kind,
            @BeanParam PageRequest page) {
        return service.list(QueryParams.text("q", q, 200), QueryParams.enums("kind", kind, SpeakerKind.class), page);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getSpeaker", summary = "Read a speaker",
            description = "Sends the version as ETag; with a matching If-None-Match the answer is 304.")
    @APIResponse(responseCode = "200", description = "The speaker.")
    @APIResponse(responseCode = "304", description = "Not modified since the version named in If-None-Match.")
    public RestResponse<SpeakerResponse> get(@RestPath @Parameter(description = "Id of the speaker.") String id, Request request) {
        SpeakerResponse speaker = service.get(id);
        return Responses.read(request, speaker, speaker.version());
    }

    @GET
    @Path("{id}/history")
    @Operation(operationId = "listSpeakerHistory", summary = "History of a speaker",
            description = "Every revision of the speaker, newest first: what changed it (CREATED, UPDATED,"
                    + " DELETED), who, when, and the whole speaker as it was then. Readable like the speaker; the"
                    + " history of a deleted speaker needs role admin.")
    @APIResponse(responseCode = "200", description = "A page of revisions.")
    public Page<Revision<SpeakerResponse>> history(
            @RestPath @Parameter(description = "Id of the speaker.") String id,
            @BeanParam PageRequest page) {
        return service.history(id, page, identity.hasRole(Roles.ADMIN));
    }

    @GET
    @Path("{id}/history/{revision}")
    @Operation(operationId = "getSpeakerRevision", summary = "A speaker as one revision left it",
            description = "Readable like the history. 404 when that revision did not change this speaker.")
    @APIResponse(responseCode = "200", description = "The revision.")
    public Revision<SpeakerResponse> revision(
            @RestPath @Parameter(description = "Id of the speaker.") String id,
            @RestPath @Parameter(description = "Number of the revision, from the history.", example = "42",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) String revision) {
        return service.revision(id, History.revisionNumber(revision), identity.hasRole(Roles.ADMIN));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "createSpeaker", summary = "Create a speaker", description = "Needs role editor.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new speaker.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SpeakerResponse.class)))
    @APIResponse(responseCode = "409", description = "The wikidataId already belongs to another speaker.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<SpeakerResponse> create(
            @RequestBody(required = true) @Valid @NotNull(message = "a JSON body is required") SpeakerRequest body,
            UriInfo uri) {
        SpeakerResponse speaker = service.create(body);
        return Responses.created(uri, speaker.id(), speaker, speaker.version());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "replaceSpeaker", summary = "Replace a speaker",
            description = "Needs role editor. Fields left out are cleared. With If-Match, only that version is replaced.")
    @APIResponse(responseCode = "200", description = "The speaker as stored now.")
    @APIResponse(responseCode = "409", description = "The wikidataId already belongs to another speaker.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<SpeakerResponse> replace(
            @RestPath @Parameter(description = "Id of the speaker.") String id,
            @RequestBody(required = true) @Valid @NotNull(message = "a JSON body is required") SpeakerRequest body,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being replaced.", example = "\"0\"") String ifMatch) {
        SpeakerResponse speaker = service.replace(id, body, Versions.expectedVersion(ifMatch));
        return Responses.ok(speaker, speaker.version());
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaTypes.MERGE_PATCH_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "patchSpeaker", summary = "Change some fields of a speaker",
            description = "Needs role editor. A JSON Merge Patch (RFC 7396): fields sent replace, null clears.")
    @APIResponse(responseCode = "200", description = "The speaker as stored now.")
    @APIResponse(responseCode = "409", description = "The wikidataId already belongs to another speaker.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<SpeakerResponse> patch(
            @RestPath @Parameter(description = "Id of the speaker.") String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaTypes.MERGE_PATCH_JSON,
                    schema = @Schema(implementation = SpeakerRequest.class, requiredProperties = {}),
                    example = "{\"title\": \"Secretary of State and National Security Advisor\"}")) JsonNode patch,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being changed.", example = "\"0\"") String ifMatch) {
        SpeakerResponse speaker = service.patch(id, patch, Versions.expectedVersion(ifMatch));
        return Responses.ok(speaker, speaker.version());
    }

    @DELETE
    @Path("{id}")
    // Nothing is sent back on success, so a client that accepts only problem documents is fine.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteSpeaker", summary = "Delete a speaker",
            description = "Needs role admin. Refused while statements or events reference the speaker.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "409", description = "Statements or events still reference the speaker.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(
            @RestPath @Parameter(description = "Id of the speaker.") String id,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being deleted.", example = "\"0\"") String ifMatch) {
        service.delete(id, Versions.expectedVersion(ifMatch));
    }
}

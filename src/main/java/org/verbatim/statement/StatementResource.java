package org.verbatim.statement;

import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Context;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
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
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.QueryParams;
import org.verbatim.common.api.Responses;
import org.verbatim.common.api.Versions;
import org.verbatim.common.error.Problem;
import org.verbatim.security.Roles;

@Path("/api/v1/statements")
@Tag(name = "Statements", description = "Who said what, when, at which event, and where it was published.")
@Produces(MediaType.APPLICATION_JSON)
public class StatementResource {

    private static final Logger LOG = Logger.getLogger(StatementResource.class);

    /** Ends an export whose client has gone. */
    private static final class ClientWentAway extends RuntimeException {
        ClientWentAway() {
            super("the client went away", null, false, false);
        }
    }

    private final StatementService service;
    private final ObjectMapper mapper;

    public StatementResource(StatementService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @GET
    @Operation(operationId = "listStatements", summary = "List and filter statements",
            description = "Newest first by default. Values of one repeatable filter are alternatives; different"
                    + " filters must all match.")
    @APIResponse(responseCode = "200", description = "A page of statements.")
    @APIResponse(responseCode = "503", ref = "SearchOrDatabaseUnavailable")
    public StatementPage list(
            @RestQuery @Parameter(description = "Only statements by these speakers (repeatable).")
            List<String> speakerId,
            @RestQuery @Parameter(description = "Only statements made at these events (repeatable).")
            List<String> eventId,
            @BeanParam StatementListParams params,
            @BeanParam PageRequest page) {
        return service.list(params.toQuery(speakerId, eventId), page);
    }

    @GET
    @Path("export")
    @Produces({"application/x-ndjson", "text/csv"})
    @Operation(operationId = "exportStatements", summary = "Export statements",
            description = "Every statement matching the filters (and `q`), without a page limit, streamed: NDJSON,"
                    + " one statement per line as the API returns it, with its speaker, organisation and event in full (so"
                    + " that the export imports as it is into an empty instance), or CSV (RFC 4180, UTF-8, header row;"
                    + " `topics` joined by `|`, `sources` as a JSON array). Ordered by id, or by `sort` with `q`.")
    @APIResponse(responseCode = "200", description = "The statements.",
            content = {@Content(mediaType = "application/x-ndjson",
                    schema = @Schema(implementation = ExportedStatement.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING),
                    example = "id,text,kind,speakerId,speakerName,speakerRole,onBehalfOfId,onBehalfOfName,statedOn,"
                            + "eventId,eventName,context,language,topics,sources,version,createdAt,updatedAt")})
    @APIResponse(responseCode = "503", ref = "SearchOrDatabaseUnavailable")
    public Response export(
            @RestQuery @Parameter(description = "`ndjson` (the default) or `csv`.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"ndjson", "csv"},
                            defaultValue = "ndjson")) String format,
            @RestQuery @Parameter(description = "Only statements by these speakers (repeatable).",
                    example = "[\"0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90\"]") List<String> speakerId,
            @RestQuery @Parameter(description = "Only statements made at these events (repeatable).",
                    example = "[\"0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f\"]") List<String> eventId,
            @BeanParam StatementListParams params, @Context HttpServerResponse response) {
        ExportFormat exportFormat = ExportFormat.parse(format);
        StatementQuery query = params.toQuery(speakerId, eventId);
        service.checkExport(query);
        StreamingOutput body = output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            Consumer<ExportedStatement> sink = exportFormat.writer(writer, mapper);
            long[] written = {0};
            try {
                service.export(query, statement -> {
                    // What is written once the client has closed the connection is dropped without an error: the
                    // export would read and write every matching statement for nobody.
                    if (response.closed()) {
                        throw new ClientWentAway();
                    }
                    sink.accept(statement);
                    written[0]++;
                });
                writer.flush();
            } catch (ClientWentAway | UncheckedIOException e) {
                if (!response.closed()) {
                    throw e;
                }
                LOG.infof("An export stopped after %d statements: the client went away", written[0]);
            }
        };
        return Response.ok(body, exportFormat.mediaType + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"statements." + exportFormat.extension + "\"")
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getStatement", summary = "Read a statement",
            description = "Embeds summaries of the speaker, the event and the organisation spoken for. Sends the"
                    + " version as ETag; with a matching If-None-Match the answer is 304.")
    @APIResponse(responseCode = "200", description = "The statement.")
    @APIResponse(responseCode = "304", description = "Not modified since the version named in If-None-Match.")
    public RestResponse<StatementResponse> get(@RestPath @Parameter(description = "Id of the statement.") String id, Request request) {
        StatementResponse statement = service.get(id);
        return Responses.read(request, statement, statement.version());
    }

    @GET
    @Path("{id}/similar")
    @Operation(operationId = "listSimilarStatements", summary = "Statements like this one",
            description = "The statements sharing most words with this one, best first, from any speaker or date:"
                    + " the starting point for finding variants of a quote.")
    @APIResponse(responseCode = "200", description = "The most similar statements, best first.")
    @APIResponse(responseCode = "503", ref = "SearchOrDatabaseUnavailable")
    public List<StatementResponse> similar(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RestQuery @Parameter(description = "How many to return, 1 to 100.", example = "10",
                    schema = @Schema(type = SchemaType.INTEGER,
                            minimum = "1", maximum = "100", defaultValue = "10")) String size) {
        return service.similar(id, QueryParams.integer("size", size, 10, 1, PageRequest.MAX_SIZE));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "createStatement", summary = "Record a statement", description = "Needs role editor.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new statement.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StatementResponse.class)))
    @APIResponse(responseCode = "422",
            description = "speakerId, eventId or onBehalfOfId names no such record, or onBehalfOfId is not an"
                    + " organisation.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409",
            description = "The speaker already has a statement of the same words on that day; `existingId` and"
                    + " Location name it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<StatementResponse> create(
            @RequestBody(required = true) @Valid @NotNull(message = "a JSON body is required") StatementRequest body,
            UriInfo uri) {
        StatementResponse statement = service.create(body);
        return Responses.created(uri, statement.id(), statement, statement.version());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "replaceStatement", summary = "Replace a statement",
            description = "Needs role editor. Fields left out are cleared. With If-Match, only that version is replaced.")
    @APIResponse(responseCode = "200", description = "The statement as stored now.")
    @APIResponse(responseCode = "422",
            description = "speakerId, eventId or onBehalfOfId names no such record, or onBehalfOfId is not an"
                    + " organisation.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409",
            description = "The speaker already has a statement of the same words on that day; `existingId` and"
                    + " Location name it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<StatementResponse> replace(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RequestBody(required = true) @Valid @NotNull(message = "a JSON body is required") StatementRequest body,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being replaced.", example = "\"0\"") String ifMatch) {
        StatementResponse statement = service.replace(id, body, Versions.expectedVersion(ifMatch));
        return Responses.ok(statement, statement.version());
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaTypes.MERGE_PATCH_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "patchStatement", summary = "Change some fields of a statement",
            description = "Needs role editor. A JSON Merge Patch (RFC 7396): fields sent replace, null clears;"
                    + " lists such as topics and sources are replaced whole.")
    @APIResponse(responseCode = "200", description = "The statement as stored now.")
    @APIResponse(responseCode = "422",
            description = "speakerId, eventId or onBehalfOfId names no such record, or onBehalfOfId is not an"
                    + " organisation.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409",
            description = "The speaker already has a statement of the same words on that day; `existingId` and"
                    + " Location name it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<StatementResponse> patch(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaTypes.MERGE_PATCH_JSON,
                    schema = @Schema(implementation = StatementRequest.class, requiredProperties = {}),
                    example = "{\"context\": \"Readout of the Rubio–Lammy call\", \"speakerRole\": null}"))
            JsonNode patch,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being changed.", example = "\"0\"") String ifMatch) {
        StatementResponse statement = service.patch(id, patch, Versions.expectedVersion(ifMatch));
        return Responses.ok(statement, statement.version());
    }

    @POST
    @Path("{id}/sources")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(operationId = "addStatementSource", summary = "Add a source to a statement",
            description = "Needs role editor. Another outlet reported the same words: the source is added unless"
                    + " the statement already lists it (the same URL, or the same publisher on the same day without"
                    + " one), in which case nothing changes. With If-Match, only that version is changed.")
    @APIResponse(responseCode = "200", description = "The statement as stored now.")
    public RestResponse<StatementResponse> addSource(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RequestBody(required = true) @Valid @NotNull(message = "a JSON body is required") SourceDto body,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being changed.", example = "\"0\"") String ifMatch) {
        StatementResponse statement = service.addSource(id, body, Versions.expectedVersion(ifMatch));
        return Responses.ok(statement, statement.version());
    }

    @DELETE
    @Path("{id}")
    // Nothing is sent back on success, so a client that accepts only problem documents is fine.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteStatement", summary = "Delete a statement",
            description = "Needs role admin. The statement is hidden from every read and from search, but kept:"
                    + " admins can list deleted statements, restore them, or purge them for good.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public void delete(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being deleted.", example = "\"0\"") String ifMatch) {
        service.delete(id, Versions.expectedVersion(ifMatch));
    }
}

package org.verbatim.imports;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.QueryParams;
import org.verbatim.common.error.ApiException;
import org.verbatim.security.Roles;

@Path("/api/v1/imports")
@Tag(name = "Imports", description = "Bulk import of statements from NDJSON or CSV, with their progress and result.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.EDITOR, Roles.ADMIN})
public class ImportResource {

    static final String CSV_EXAMPLE = "externalId,text,kind,speakerName,speakerKind,statedOn,eventName,eventKind,"
            + "eventStartDate,topics,sources\r\nkp-1,\"The Kremlin is not interested in real diplomacy\",QUOTE,"
            + "Scott Cullinane,PERSON,2025-05-12,Kyiv Post article,INTERVIEW,2025-05-12,russia|diplomacy,"
            + "\"[{\"\"publisher\"\":\"\"Kyiv Post\"\",\"\"publishedOn\"\":\"\"2025-05-12\"\"}]\"\r\n";
    static final String NDJSON_EXAMPLE = "{\"externalId\":\"kp-1\",\"text\":\"The Kremlin is not interested in real"
            + " diplomacy\",\"kind\":\"QUOTE\",\"speaker\":{\"name\":\"Scott Cullinane\",\"kind\":\"PERSON\"},"
            + "\"statedOn\":\"2025-05-12\",\"event\":{\"name\":\"Kyiv Post article\",\"kind\":\"INTERVIEW\","
            + "\"startDate\":\"2025-05-12\"},\"sources\":[{\"publisher\":\"Kyiv Post\",\"publishedOn\":\"2025-05-12\"}]}\n";

    private final Importer importer;
    private final ImportJobs jobs;
    private final SecurityIdentity identity;

    public ImportResource(Importer importer, ImportJobs jobs, SecurityIdentity identity) {
        this.importer = importer;
        this.jobs = jobs;
        this.identity = identity;
    }

    @POST
    @Consumes({"application/x-ndjson", "text/csv"})
    @Operation(operationId = "importStatements", summary = "Import statements",
            description = "Needs role editor. Reads the body as it arrives, however large: NDJSON (one"
                    + " ImportRecord per line; a line of an NDJSON export is one) or CSV (RFC 4180, UTF-8, a header"
                    + " row naming any of the columns externalId, id, text, kind, speakerId, speakerName, speakerKind,"
                    + " speakerWikidataId, speakerRole, onBehalfOfId, onBehalfOfName, statedOn, eventId, eventName,"
                    + " eventKind, eventStartDate, context, language, topics, sources; `topics` joined by `|`,"
                    + " `sources` a JSON array; the read-only columns of a CSV export are ignored). Lines are"
                    + " stored in batches, each committed on its own: a bad line never stops the good ones, unless"
                    + " `atomic=true`. A statement already stored (the same externalId, the same id, or the same"
                    + " words by the same speaker on the same day) gets the line's new sources: importing the same"
                    + " body twice changes nothing the second time. While it runs, the import is listed by"
                    + " `GET /api/v1/imports` with its progress.")
    @RequestBody(required = true, content = {
        @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = ImportRecord.class),
                example = NDJSON_EXAMPLE),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING), example = CSV_EXAMPLE)})
    @APIResponse(responseCode = "201", description = "The import ran; its report says what was stored and which"
            + " lines failed. Location names the report.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImportReport.class)))
    public RestResponse<ImportReport> importStatements(
            @RestQuery @Parameter(description = "`true`: store nothing unless every line can be stored.",
                    schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false")) String atomic,
            HttpHeaders headers, UriInfo uri, InputStream body) throws IOException {
        boolean allOrNothing = QueryParams.bool("atomic", atomic, false);
        ImportFormat format = headers.getMediaType() != null && "csv".equals(headers.getMediaType().getSubtype())
                ? ImportFormat.CSV : ImportFormat.NDJSON;
        ImportReport report = importer.run(body, format, allOrNothing, identity.getPrincipal().getName(), uri);
        return RestResponse.ResponseBuilder.<ImportReport>created(uri.getAbsolutePathBuilder().path(report.id())
                .build()).entity(report).build();
    }

    @GET
    @Operation(operationId = "listImports", summary = "List imports",
            description = "Needs role editor. Newest first, running ones with their progress so far; without the"
                    + " failed lines, which each import's own report lists.")
    @APIResponse(responseCode = "200", description = "A page of imports.")
    public Page<ImportReport> list(@BeanParam PageRequest page) {
        return jobs.list(page);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getImport", summary = "Read an import's progress or result",
            description = "Needs role editor. While the import runs, its counts so far; then its result, with the"
                    + " failed lines.")
    @APIResponse(responseCode = "200", description = "The import.")
    public ImportReport get(@RestPath @Parameter(description = "Id of the import.") String id) {
        return jobs.find(id).orElseThrow(() -> ApiException.notFound("import", id));
    }
}

package org.verbatim.backup;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.File;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.error.Problem;
import org.verbatim.security.Roles;

@Path("/api/v1/admin/backups")
@Tag(name = "Administration", description = "Operating the service.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class BackupResource {

    static final String ZIP = "application/zip";
    private static final String POSTGRESQL_EXAMPLE = "{\"type\": \"urn:verbatim:problem:conflict\","
            + " \"title\": \"Conflict with the current state\", \"status\": 409, \"detail\": \"This service keeps its"
            + " data in PostgreSQL, which backs itself up: use pg_dump (pg_dump -Fc, while the service runs) and"
            + " pg_restore.\", \"instance\": \"/api/v1/admin/backups\"}";

    private final Backups backups;

    public BackupResource(Backups backups) {
        this.backups = backups;
    }

    @POST
    @Operation(operationId = "createBackup", summary = "Back up the embedded database",
            description = "Needs role admin. Copies the embedded H2 database, consistently, into a zip file in the"
                    + " backups directory under the data directory, while the service goes on serving reads and"
                    + " writes. Restore by unzipping it into an empty data directory; the search index is rebuilt"
                    + " at start. A service on PostgreSQL answers 409: back it up with pg_dump.")
    @APIResponse(responseCode = "201", description = "The backup is complete. Location names its file.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Backup.class)))
    @APIResponse(responseCode = "409", description = "The database is PostgreSQL (use pg_dump), or held in memory.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "postgresql", summary = "A PostgreSQL database",
                            value = POSTGRESQL_EXAMPLE)))
    public RestResponse<Backup> create(UriInfo uri) {
        Backup backup = backups.create();
        return RestResponse.ResponseBuilder.<Backup>created(uri.getAbsolutePathBuilder().path(backup.name()).build())
                .entity(backup).build();
    }

    @GET
    @Operation(operationId = "listBackups", summary = "List the backups",
            description = "Needs role admin. The backups in the backups directory, newest first; none on a"
                    + " service that makes none (on PostgreSQL).")
    @APIResponse(responseCode = "200", description = "A page of backups.")
    public Page<Backup> list(@BeanParam PageRequest page) {
        List<Backup> all = backups.list();
        int from = Math.min(page.offset(), all.size());
        return new Page<>(all.subList(from, Math.min(from + page.size(), all.size())), page.page(), page.size(),
                all.size());
    }

    @GET
    @Path("{name}")
    @Produces(ZIP)
    @Operation(operationId = "getBackup", summary = "Download a backup",
            description = "Needs role admin. The zip file of a backup, which holds the database file.")
    @APIResponse(responseCode = "200", description = "The backup file.",
            content = @Content(mediaType = ZIP, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "409", description = "The database is PostgreSQL (use pg_dump), or held in memory.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "postgresql", summary = "A PostgreSQL database",
                            value = POSTGRESQL_EXAMPLE)))
    public RestResponse<File> download(
            @RestPath @Parameter(description = "File name of the backup.", example = "verbatim-20250625T093000Z.zip")
            String name) {
        File file = backups.file(name).toFile();
        return RestResponse.ResponseBuilder.ok(file, ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + file.getName() + "\"").build();
    }
}

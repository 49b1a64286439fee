package org.verbatim.statement;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.Responses;
import org.verbatim.common.api.Versions;
import org.verbatim.common.error.Problem;
import org.verbatim.common.history.History;
import org.verbatim.common.history.Revision;
import org.verbatim.security.Roles;

/** The history of statements, and the deleted ones: list, restore, purge. */
@Path("/api/v1/statements")
@Tag(name = "Statements")
@Produces(MediaType.APPLICATION_JSON)
public class StatementHistoryResource {

    private final StatementArchive archive;
    private final SecurityIdentity identity;

    public StatementHistoryResource(StatementArchive archive, SecurityIdentity identity) {
        this.archive = archive;
        this.identity = identity;
    }

    @GET
    @Path("{id}/history")
    @Operation(operationId = "listStatementHistory", summary = "History of a statement",
            description = "Every revision of the statement, newest first: what changed it (CREATED, UPDATED, DELETED,"
                    + " RESTORED, PURGED), who, when, and the whole statement as it was then. Readable like the"
                    + " statement; the history of a deleted or purged statement needs role admin.")
    @APIResponse(responseCode = "200", description = "A page of revisions.")
    public Page<Revision<StatementResponse>> history(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @BeanParam PageRequest page) {
        return archive.history(id, page, identity.hasRole(Roles.ADMIN));
    }

    @GET
    @Path("{id}/history/{revision}")
    @Operation(operationId = "getStatementRevision", summary = "A statement as one revision left it",
            description = "Readable like the history. 404 when that revision did not change this statement.")
    @APIResponse(responseCode = "200", description = "The revision.")
    public Revision<StatementResponse> revision(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RestPath @Parameter(description = "Number of the revision, from the history.", example = "42",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) String revision) {
        return archive.revision(id, History.revisionNumber(revision), identity.hasRole(Roles.ADMIN));
    }

    @GET
    @Path("deleted")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listDeletedStatements", summary = "Deleted statements",
            description = "Needs role admin. Statements that were deleted and can be restored or purged, most"
                    + " recently deleted first.")
    @APIResponse(responseCode = "200", description = "A page of deleted statements.")
    public Page<DeletedStatement> deleted(@BeanParam PageRequest page) {
        return archive.deleted(page);
    }

    @POST
    @Path("{id}/restore")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "restoreStatement", summary = "Restore a deleted statement",
            description = "Needs role admin. The statement is back in every read and in search. With If-Match, only"
                    + " that version (as listed among the deleted statements) is restored.")
    @APIResponse(responseCode = "200", description = "The restored statement.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StatementResponse.class)))
    @APIResponse(responseCode = "409", description = "The statement is not deleted.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<StatementResponse> restore(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being restored.", example = "\"1\"") String ifMatch) {
        StatementResponse statement = archive.restore(id, Versions.expectedVersion(ifMatch));
        return Responses.ok(statement, statement.version());
    }

    @POST
    @Path("{id}/purge")
    // Nothing is sent back on success, so a client that accepts only problem documents is fine.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "purgeStatement", summary = "Purge a deleted statement",
            description = "Needs role admin. Removes a deleted statement for good: only its history remains, ending"
                    + " with a PURGED revision. Delete it first; a statement that is not deleted is refused.")
    @APIResponse(responseCode = "204", description = "Purged.")
    @APIResponse(responseCode = "409", description = "The statement is not deleted.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void purge(
            @RestPath @Parameter(description = "Id of the statement.") String id,
            @RestHeader("If-Match") @Parameter(in = ParameterIn.HEADER, name = "If-Match",
                    description = "ETag of the version being purged.", example = "\"1\"") String ifMatch) {
        archive.purge(id, Versions.expectedVersion(ifMatch));
    }
}

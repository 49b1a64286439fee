package org.verbatim.statement;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.verbatim.common.api.PageRequest;

@Path("/api/v1/speakers/{id}/statements")
@Tag(name = "Speakers")
@Produces(MediaType.APPLICATION_JSON)
public class SpeakerStatementsResource {

    private final StatementService service;

    public SpeakerStatementsResource(StatementService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listSpeakerStatements", summary = "Statements of a speaker",
            description = "What this speaker said, newest first by default; takes the filters of the statement list.")
    @APIResponse(responseCode = "200", description = "A page of statements.")
    @APIResponse(responseCode = "503", ref = "SearchOrDatabaseUnavailable")
    public StatementPage list(@RestPath @Parameter(description = "Id of the speaker.") String id, @BeanParam StatementListParams params,
            @BeanParam PageRequest page) {
        return service.listBySpeaker(id, params.toQuery(List.of(), List.of()), page);
    }
}

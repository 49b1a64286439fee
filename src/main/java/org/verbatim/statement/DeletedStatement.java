package org.verbatim.statement;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A statement that was deleted and can be restored or purged. */
@Schema(name = "DeletedStatement")
public record DeletedStatement(
        @Schema(examples = "2025-05-20T08:00:00Z") Instant deletedAt,
        @Schema(description = "The statement as it was when deleted; its version is the one restore and purge take in"
                + " If-Match.") StatementResponse statement) {

    static DeletedStatement of(Statement statement) {
        return new DeletedStatement(statement.getDeletedAt(), StatementResponse.of(statement));
    }
}

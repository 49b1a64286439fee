package org.verbatim.backup;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One backup file of the embedded database. */
@Schema(name = "Backup")
public record Backup(
        @Schema(description = "File name, in the backups directory under the data directory.",
                examples = "verbatim-20250625T093000Z.zip") String name,
        @Schema(description = "Size in bytes.", examples = "1048576") long size,
        @Schema(description = "When the backup was started (UTC, to the second); it holds what was committed by"
                + " then.", examples = "2025-06-25T09:30:00Z") Instant createdAt) {}

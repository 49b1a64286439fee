package org.verbatim.common.history;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A record as it was after one revision, with who changed it and when. */
public record Revision<T>(
        @Schema(description = "Number of the revision; revisions are numbered in the order they were committed,"
                + " across all records.", examples = "42") long revision,
        @Schema(examples = "UPDATED") ChangeType type,
        @Schema(description = "The user who made the change, or `system` for changes made by the service itself"
                + " (demo data, records that existed before history was kept).", examples = "editor")
        String changedBy,
        @Schema(examples = "2025-05-12T09:30:00.123Z") Instant changedAt,
        @Schema(description = "The whole record as it was after this revision, as a read returns it; for a"
                + " deletion, as it was when deleted.") T state) {}

package org.verbatim.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.event.ExportedEvent;
import org.verbatim.speaker.SpeakerResponse;

/**
 * A line of an NDJSON export: the statement as the API returns it, but with its speaker, the organisation spoken for
 * and the event in full, so that the export imports as it is into an empty instance and brings all of them back.
 */
@Schema(name = "ExportedStatement", description = "A statement as an export writes it: the fields of a Statement,"
        + " with `speaker`, `onBehalfOf` and `event` described in full. A valid import record as it is.")
public record ExportedStatement(
        @Schema(examples = "0196c3a1-a0b1-7c2d-8e3f-405162738495") String id,
        @Schema(examples = "Our top priority remains bringing an end to the fighting and an immediate ceasefire")
        String text,
        @Schema(examples = "READOUT") StatementKind kind,
        @Schema(examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90") String speakerId,
        SpeakerResponse speaker,
        @Schema(examples = "Department Spokesperson") String speakerRole,
        @Schema(examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d91") String onBehalfOfId,
        @Schema(description = "The organisation the speaker spoke for.") SpeakerResponse onBehalfOf,
        @Schema(examples = "2025-05-11") LocalDate statedOn,
        @Schema(examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f") String eventId,
        ExportedEvent event,
        @Schema(examples = "Readout of the Rubio–Lammy call") String context,
        @Schema(examples = "en") String language,
        @Schema(examples = "[\"ukraine\", \"ceasefire\"]") List<String> topics,
        List<SourceDto> sources,
        @Schema(examples = "1") int sourceCount,
        @Schema(examples = "2025-05-12") LocalDate firstPublishedOn,
        @Schema(examples = "0") long version,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant createdAt,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant updatedAt) {
}

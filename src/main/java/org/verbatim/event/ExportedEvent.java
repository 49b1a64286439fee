package org.verbatim.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.speaker.SpeakerResponse;

/** An event in an export: all of it, its participants too, so that an import can create it as it was. */
@Schema(name = "ExportedEvent", description = "An event as an export writes it: every field, and its participants"
        + " in full.")
public record ExportedEvent(
        @Schema(examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f") String id,
        @Schema(examples = "Informal meeting of NATO Ministers of Foreign Affairs") String name,
        @Schema(examples = "MEETING") EventKind kind,
        @Schema(examples = "2025-05-14") LocalDate startDate,
        @Schema(examples = "2025-05-16") LocalDate endDate,
        Location location,
        @Schema(description = "The speakers who took part.") List<SpeakerResponse> participants,
        @Schema(examples = "NATO foreign ministers meet informally ahead of the summit in The Hague.")
        String description,
        @Schema(examples = "0") long version,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant createdAt,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant updatedAt) {

    public static ExportedEvent of(Event event) {
        return new ExportedEvent(event.getId(), event.getName(), event.getKind(), event.getStartDate(),
                event.getEndDate(), event.getLocation(),
                event.getParticipants().stream().map(SpeakerResponse::of).toList(), event.getDescription(),
                event.getVersion(), event.getCreatedAt(), event.getUpdatedAt());
    }
}

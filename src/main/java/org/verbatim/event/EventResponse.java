package org.verbatim.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.speaker.Speaker;
import org.verbatim.speaker.SpeakerSummary;

@Schema(name = "Event", description = "An occasion statements were made at.")
public record EventResponse(
        @Schema(examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f") String id,
        @Schema(examples = "Informal meeting of NATO Ministers of Foreign Affairs") String name,
        @Schema(examples = "MEETING") EventKind kind,
        @Schema(examples = "2025-05-14") LocalDate startDate,
        @Schema(examples = "2025-05-16") LocalDate endDate,
        Location location,
        @Schema(description = "Ids of the speakers who took part.") List<String> participantIds,
        @Schema(description = "The participants, in the order of participantIds.") List<SpeakerSummary> participants,
        @Schema(examples = "NATO foreign ministers meet informally ahead of the summit in The Hague.")
        String description,
        @Schema(description = "Incremented on every change; also sent as the ETag.", examples = "0") long version,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant createdAt,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant updatedAt) {

    public static EventResponse of(Event event) {
        return new EventResponse(event.getId(), event.getName(), event.getKind(), event.getStartDate(),
                event.getEndDate(), event.getLocation(),
                event.getParticipants().stream().map(Speaker::getId).toList(),
                event.getParticipants().stream().map(SpeakerSummary::of).toList(),
                event.getDescription(), event.getVersion(), event.getCreatedAt(), event.getUpdatedAt());
    }
}

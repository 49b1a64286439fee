package org.verbatim.event;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.speaker.Speaker;

/** What a client sends to create or replace an event. */
@Schema(name = "EventInput", description = "An occasion statements were made at.")
public record EventRequest(
        @Schema(examples = "Informal meeting of NATO Ministers of Foreign Affairs", required = true)
        @NotBlank @Size(max = 500)
        String name,

        @Schema(examples = "MEETING", required = true)
        @NotNull
        EventKind kind,

        @Schema(description = "First day (ISO-8601).", examples = "2025-05-14", required = true)
        @NotNull
        LocalDate startDate,

        @Schema(description = "Last day, not before startDate; absent for one-day events.", examples = "2025-05-16")
        LocalDate endDate,

        @Valid
        Location location,

        @Schema(description = "Ids of the speakers who took part.")
        @Size(max = 200)
        List<@NotBlank String> participantIds,

        @Schema(examples = "NATO foreign ministers meet informally ahead of the summit in The Hague.")
        @Size(max = 10000)
        String description) {

    /** No participants and an empty list are the same thing, so that a repeated PUT is recognised as no change. */
    public EventRequest {
        participantIds = participantIds == null ? List.of() : participantIds;
    }

    static EventRequest of(Event event) {
        return new EventRequest(event.getName(), event.getKind(), event.getStartDate(), event.getEndDate(),
                event.getLocation(), event.getParticipants().stream().map(Speaker::getId).toList(),
                event.getDescription());
    }
}

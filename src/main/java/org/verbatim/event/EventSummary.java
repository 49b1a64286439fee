package org.verbatim.event;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Enough of an event to display a statement without another call. */
@Schema(name = "EventSummary")
public record EventSummary(
        @Schema(examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f") String id,
        @Schema(examples = "Phone call between Secretary Rubio and Foreign Secretary Lammy") String name,
        @Schema(examples = "PHONE_CALL") EventKind kind,
        @Schema(examples = "2025-05-11") LocalDate startDate) {

    public static EventSummary of(Event event) {
        return new EventSummary(event.getId(), event.getName(), event.getKind(), event.getStartDate());
    }
}

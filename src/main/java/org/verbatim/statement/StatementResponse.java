package org.verbatim.statement;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.event.EventSummary;
import org.verbatim.speaker.SpeakerSummary;

@Schema(name = "Statement", description = "Something a speaker said, at an event, on a date, with its sources.")
public record StatementResponse(
        @Schema(examples = "0196c3a1-a0b1-7c2d-8e3f-405162738495") String id,
        @Schema(examples = "Our top priority remains bringing an end to the fighting and an immediate ceasefire")
        String text,
        @Schema(examples = "READOUT") StatementKind kind,
        @Schema(examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90") String speakerId,
        SpeakerSummary speaker,
        @Schema(examples = "Department Spokesperson") String speakerRole,
        @Schema(examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d91") String onBehalfOfId,
        @Schema(description = "The organisation the speaker spoke for.") SpeakerSummary onBehalfOf,
        @Schema(examples = "2025-05-11") LocalDate statedOn,
        @Schema(examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f") String eventId,
        EventSummary event,
        @Schema(examples = "Readout of the Rubio–Lammy call") String context,
        @Schema(examples = "en") String language,
        @Schema(examples = "[\"ukraine\", \"ceasefire\"]") List<String> topics,
        List<SourceDto> sources,
        @Schema(description = "How many sources reported it: the same words reported by several outlets are one"
                + " statement with several sources.", examples = "1") int sourceCount,
        @Schema(description = "The earliest publication date of its sources, when any source has one.",
                examples = "2025-05-12") LocalDate firstPublishedOn,
        @Schema(description = "Incremented on every change; also sent as the ETag.", examples = "0") long version,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant createdAt,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant updatedAt,
        @Schema(description = "With a full-text query: the text, HTML-escaped, with the matched words in"
                + " <mark> tags; safe to render as HTML.",
                examples = "Our top priority remains bringing an end to the fighting and an immediate"
                        + " <mark>ceasefire</mark>")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String highlight) {

    StatementResponse withHighlight(String highlight) {
        return new StatementResponse(id, text, kind, speakerId, speaker, speakerRole, onBehalfOfId, onBehalfOf,
                statedOn, eventId, event, context, language, topics, sources, sourceCount, firstPublishedOn, version, createdAt, updatedAt,
                highlight);
    }

    static StatementResponse of(Statement s) {
        return new StatementResponse(s.getId(), s.getText(), s.getKind(), s.getSpeaker().getId(),
                SpeakerSummary.of(s.getSpeaker()), s.getSpeakerRole(),
                s.getOnBehalfOf() == null ? null : s.getOnBehalfOf().getId(), SpeakerSummary.of(s.getOnBehalfOf()),
                s.getStatedOn(), s.getEvent().getId(), EventSummary.of(s.getEvent()), s.getContext(),
                s.getLanguage(), List.copyOf(s.getTopics()), s.getSources().stream().map(SourceDto::of).toList(),
                s.getSourceCount(), s.getFirstPublishedOn(), s.getVersion(), s.getCreatedAt(), s.getUpdatedAt(), null);
    }
}

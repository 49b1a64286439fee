package org.verbatim.imports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.event.EventKind;
import org.verbatim.event.EventRequest;
import org.verbatim.event.Location;
import org.verbatim.speaker.SpeakerKind;
import org.verbatim.speaker.SpeakerRequest;
import org.verbatim.statement.SourceDto;
import org.verbatim.statement.StatementKind;
import org.verbatim.statement.StatementRequest;

/**
 * One line of an import: a statement whose speaker and event are named by id or described inline. A line of an
 * NDJSON export is a valid record (its read-only fields are ignored), so an export can be imported as it is.
 */
@Schema(name = "ImportRecord", description = "One statement of an import (one NDJSON line). The speaker, the"
        + " organisation spoken for and the event are named by id or described inline; inline ones are matched to"
        + " stored records (by id, then Wikidata id, then name and kind for speakers; by id, then name and start date"
        + " for events; case- and accent-insensitively) and created when missing. Read-only fields of an export"
        + " (version, createdAt, updatedAt, sourceCount, firstPublishedOn, highlight) are accepted and ignored.")
@JsonIgnoreProperties({"version", "createdAt", "updatedAt", "sourceCount", "firstPublishedOn", "highlight"})
public record ImportRecord(
        @Schema(description = "The record's identifier in the system it comes from: importing it again finds the"
                + " statement it became.", examples = "kyivpost-52360-3", maxLength = 200)
        @Size(max = 200)
        String externalId,

        @Schema(description = "Id to give the statement when it is created (a UUID), such as the id of an export.",
                examples = "0196c3a1-a0b1-7c2d-8e3f-405162738495")
        String id,

        @Schema(examples = "Our top priority remains bringing an end to the fighting and an immediate ceasefire")
        String text,

        @Schema(examples = "READOUT")
        StatementKind kind,

        @Schema(description = "Id of a stored speaker; or describe it in `speaker`.",
                examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90")
        String speakerId,

        InlineSpeaker speaker,

        @Schema(examples = "Department Spokesperson")
        String speakerRole,

        @Schema(description = "Id of a stored organisation; or describe it in `onBehalfOf`.")
        String onBehalfOfId,

        InlineSpeaker onBehalfOf,

        @Schema(examples = "2025-05-11")
        LocalDate statedOn,

        @Schema(description = "Id of a stored event; or describe it in `event`.",
                examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f")
        String eventId,

        InlineEvent event,

        String context,

        @Schema(examples = "en")
        String language,

        @Schema(examples = "[\"ukraine\", \"ceasefire\"]")
        List<String> topics,

        List<SourceDto> sources) {

    /** The statement, with the ids its references resolved to. */
    StatementRequest toRequest(String speakerId, String onBehalfOfId, String eventId) {
        return new StatementRequest(text, kind, speakerId, speakerRole, onBehalfOfId, statedOn, eventId, context,
                language, topics, sources);
    }

    /** A speaker described inline: matched to a stored one, or created. */
    @Schema(name = "ImportSpeaker", description = "A speaker described inline. `name` and `kind` are needed to"
            + " create it; an id alone names a stored speaker.")
    @JsonIgnoreProperties({"version", "createdAt", "updatedAt"})
    public record InlineSpeaker(
            @Schema(examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90") String id,
            @Schema(examples = "Marco Rubio") String name,
            @Schema(examples = "PERSON") SpeakerKind kind,
            @Schema(examples = "Secretary of State") String title,
            @Schema(examples = "U.S. Department of State") String affiliation,
            @Schema(examples = "US") String country,
            @Schema(examples = "[\"Secretary Rubio\"]") List<String> aliases,
            @Schema(examples = "Q324546") String wikidataId) {

        SpeakerRequest toRequest() {
            return new SpeakerRequest(name, kind, title, affiliation, country, aliases, wikidataId);
        }
    }

    /** An event described inline: matched to a stored one, or created. */
    @Schema(name = "ImportEvent", description = "An event described inline. `name`, `kind` and `startDate` are"
            + " needed to create it; an id alone names a stored event. Participants are matched or created like the"
            + " speaker.")
    @JsonIgnoreProperties({"participantIds", "version", "createdAt", "updatedAt"})
    public record InlineEvent(
            @Schema(examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f") String id,
            @Schema(examples = "Phone call between Secretary Rubio and Foreign Secretary Lammy") String name,
            @Schema(examples = "PHONE_CALL") EventKind kind,
            @Schema(examples = "2025-05-11") LocalDate startDate,
            @Schema(examples = "2025-05-11") LocalDate endDate,
            Location location,
            List<InlineSpeaker> participants,
            String description) {

        EventRequest toRequest(List<String> participantIds) {
            return new EventRequest(name, kind, startDate, endDate, location, participantIds, description);
        }
    }
}

package org.verbatim.statement;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.common.validation.LanguageTag;

/** What a client sends to create or replace a statement. */
@Schema(name = "StatementInput", description = "Something a speaker said, at an event, on a date, with its sources.")
public record StatementRequest(
        @Schema(description = "The words, exactly as published: Unicode, curly quotes and editorial brackets kept.",
                examples = "Our top priority remains bringing an end to the fighting and an immediate ceasefire",
                required = true, maxLength = MAX_TEXT_LENGTH)
        @NotBlank @Size(max = MAX_TEXT_LENGTH)
        String text,

        @Schema(examples = "READOUT", required = true)
        @NotNull
        StatementKind kind,

        @Schema(description = "Id of the speaker.", examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90", required = true)
        @NotBlank
        String speakerId,

        @Schema(description = "The title the speaker held when speaking.", examples = "Department Spokesperson")
        @Size(max = 300)
        String speakerRole,

        @Schema(description = "Id of the organisation the speaker spoke for, such as a ministry.",
                examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d91")
        String onBehalfOfId,

        @Schema(description = "The day it was said (ISO-8601).", examples = "2025-05-11", required = true)
        @NotNull
        LocalDate statedOn,

        @Schema(description = "Id of the event it was said at.", examples = "0196c3a1-9b2f-7e41-8c3d-4a5b6c7d8e9f",
                required = true)
        @NotBlank
        String eventId,

        @Schema(description = "Free text on the circumstances.", examples = "Readout of the Rubio–Lammy call")
        @Size(max = 2000)
        String context,

        @Schema(description = "BCP 47 language tag of the text; en when absent.", examples = "en",
                defaultValue = "en")
        @LanguageTag
        String language,

        @Schema(description = "Lower-case tags; stored lower-cased, each once.", examples = "[\"ukraine\", \"ceasefire\"]")
        @Size(max = 50)
        List<@NotBlank @Size(max = 64) @Pattern(regexp = "[\\p{Ll}\\p{Lo}\\p{N}][\\p{Ll}\\p{Lo}\\p{N} ._-]*",
                message = "must be a tag of letters, digits, spaces, '.', '_' or '-'") String> topics,

        @Schema(description = "Where it was published; at least one.", required = true)
        @NotEmpty(message = "must name at least one source")
        @Size(max = 100)
        List<@Valid @NotNull SourceDto> sources) {

    public static final int MAX_TEXT_LENGTH = 50_000;
    public static final String DEFAULT_LANGUAGE = "en";

    /** Defaults and canonical forms, applied before validation so that PUT and PATCH store the same thing. */
    public StatementRequest {
        language = language == null ? DEFAULT_LANGUAGE : canonicalLanguage(language);
        topics = topics == null ? List.of() : canonicalTopics(topics);
        sources = sources == null ? List.of() : sources;
    }

    private static String canonicalLanguage(String tag) {
        try {
            return new Locale.Builder().setLanguageTag(tag).build().toLanguageTag();
        } catch (IllformedLocaleException e) {
            return tag;
        }
    }

    private static List<String> canonicalTopics(List<String> topics) {
        LinkedHashSet<String> canonical = new LinkedHashSet<>();
        for (String topic : topics) {
            canonical.add(topic == null ? null : topic.strip().toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableList(new ArrayList<>(canonical));
    }

    static StatementRequest of(Statement statement) {
        return new StatementRequest(statement.getText(), statement.getKind(), statement.getSpeaker().getId(),
                statement.getSpeakerRole(),
                statement.getOnBehalfOf() == null ? null : statement.getOnBehalfOf().getId(),
                statement.getStatedOn(), statement.getEvent().getId(), statement.getContext(),
                statement.getLanguage(), List.copyOf(statement.getTopics()),
                statement.getSources().stream().map(SourceDto::of).toList());
    }
}

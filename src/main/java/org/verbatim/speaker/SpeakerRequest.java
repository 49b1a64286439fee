package org.verbatim.speaker;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.common.validation.CountryCode;

/** What a client sends to create or replace a speaker. */
@Schema(name = "SpeakerInput", description = "A person or an organisation that statements are attributed to.")
public record SpeakerRequest(
        @Schema(description = "Full name.", examples = "Marco Rubio", required = true)
        @NotBlank @Size(max = 300)
        String name,

        @Schema(description = "Person or organisation.", examples = "PERSON", required = true)
        @NotNull
        SpeakerKind kind,

        @Schema(description = "Current title or office.", examples = "Secretary of State")
        @Size(max = 300)
        String title,

        @Schema(description = "Organisation the speaker belongs to.", examples = "U.S. Department of State")
        @Size(max = 300)
        String affiliation,

        @Schema(description = "ISO 3166-1 alpha-2 country code.", examples = "US")
        @CountryCode
        String country,

        @Schema(description = "Other names the speaker is known by; found by name search too.",
                examples = "[\"Secretary Rubio\"]")
        @Size(max = 50)
        List<@NotBlank @Size(max = 300) String> aliases,

        @Schema(description = "Wikidata item id: Q followed by digits; unique among speakers.", examples = "Q324546")
        @Pattern(regexp = "Q[1-9][0-9]{0,11}", message = "must be a Wikidata item id: Q followed by digits")
        String wikidataId) {

    /** No aliases and an empty list are the same thing, so that a repeated PUT is recognised as no change. */
    public SpeakerRequest {
        aliases = aliases == null ? List.of() : aliases;
    }

    static SpeakerRequest of(Speaker speaker) {
        return new SpeakerRequest(speaker.getName(), speaker.getKind(), speaker.getTitle(),
                speaker.getAffiliation(), speaker.getCountry(), List.copyOf(speaker.getAliases()),
                speaker.getWikidataId());
    }
}

package org.verbatim.speaker;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Speaker", description = "A person or an organisation that statements are attributed to.")
public record SpeakerResponse(
        @Schema(description = "Server-generated opaque id.", examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90")
        String id,
        @Schema(examples = "Marco Rubio") String name,
        @Schema(examples = "PERSON") SpeakerKind kind,
        @Schema(examples = "Secretary of State") String title,
        @Schema(examples = "U.S. Department of State") String affiliation,
        @Schema(examples = "US") String country,
        @Schema(examples = "[\"Secretary Rubio\"]") List<String> aliases,
        @Schema(examples = "Q324546") String wikidataId,
        @Schema(description = "Incremented on every change; also sent as the ETag.", examples = "0") long version,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant createdAt,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant updatedAt) {

    public static SpeakerResponse of(Speaker speaker) {
        return new SpeakerResponse(speaker.getId(), speaker.getName(), speaker.getKind(), speaker.getTitle(),
                speaker.getAffiliation(), speaker.getCountry(), List.copyOf(speaker.getAliases()),
                speaker.getWikidataId(), speaker.getVersion(), speaker.getCreatedAt(), speaker.getUpdatedAt());
    }
}

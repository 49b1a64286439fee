package org.verbatim.speaker;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Enough of a speaker to display a statement without another call. */
@Schema(name = "SpeakerSummary")
public record SpeakerSummary(
        @Schema(examples = "0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90") String id,
        @Schema(examples = "Marco Rubio") String name,
        @Schema(examples = "PERSON") SpeakerKind kind) {

    public static SpeakerSummary of(Speaker speaker) {
        return speaker == null ? null : new SpeakerSummary(speaker.getId(), speaker.getName(), speaker.getKind());
    }
}

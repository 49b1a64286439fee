package org.verbatim.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document: the body of every error response. */
@Schema(name = "Problem", description = "RFC 9457 problem details, served as application/problem+json.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        @Schema(description = "URI identifying the kind of problem.", examples = "urn:verbatim:problem:validation-failed")
        String type,
        @Schema(description = "Short summary of the kind of problem.", examples = "Request is not valid")
        String title,
        @Schema(description = "HTTP status code.", examples = "400")
        int status,
        @Schema(description = "What exactly went wrong, for a human reader.", examples = "1 field is not valid.")
        String detail,
        @Schema(description = "Path of the request that failed.", examples = "/api/v1/statements")
        String instance,
        @Schema(description = "Each invalid field or parameter, by JSON path or parameter name.")
        List<Violation> violations,
        @Schema(description = "With a conflict over a duplicate: the id of the record already stored, which the"
                + " Location header names too.", examples = "0196c3a1-a0b1-7c2d-8e3f-405162738495")
        String existingId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {
        this(type, title, status, detail, instance, violations, null);
    }

    /** One invalid field: {@code sources[0].url}, or a query parameter name such as {@code size}. */
    @Schema(name = "Violation")
    public record Violation(
            @Schema(description = "JSON path of the field, or name of the parameter or header.", examples = "sources[0].url")
            String field,
            @Schema(description = "What is wrong with it.", examples = "must be an http or https URL")
            String message) {}
}

package org.verbatim.statement;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.common.validation.HttpUrl;

@Schema(name = "Source", description = "Where a statement was published.")
public record SourceDto(
        @Schema(examples = "Kyiv Post", required = true) @NotBlank @Size(max = 300) String publisher,
        @Schema(description = "Absolute http(s) URL of the publication.",
                examples = "https://www.kyivpost.com/post/52360") @HttpUrl @Size(max = 2000) String url,
        @Schema(examples = "Alex Raufoglu") @Size(max = 300) String author,
        @Schema(examples = "2025-05-12") LocalDate publishedOn) {

    static SourceDto of(Source source) {
        return new SourceDto(source.getPublisher(), source.getUrl(), source.getAuthor(), source.getPublishedOn());
    }

    Source toEntity() {
        return new Source(publisher, url, author, publishedOn);
    }
}

package org.verbatim.statement;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.LocalDate;
import java.util.Objects;

/** Where a statement was published. */
@Embeddable
public class Source {

    @Column(nullable = false)
    private String publisher;

    private String url;
    private String author;

    @Column(name = "published_on")
    private LocalDate publishedOn;

    protected Source() {}

    Source(String publisher, String url, String author, LocalDate publishedOn) {
        this.publisher = publisher;
        this.url = url;
        this.author = author;
        this.publishedOn = publishedOn;
    }

    /**
     * Whether two sources name the same publication: the same URL when both have one, otherwise the same publisher
     * (ignoring case) on the same day.
     */
    boolean sameAs(Source other) {
        if (url != null && other.url != null) {
            return url.equals(other.url);
        }
        return publisher.equalsIgnoreCase(other.publisher) && Objects.equals(url, other.url)
                && Objects.equals(publishedOn, other.publishedOn);
    }

    public String getPublisher() {
        return publisher;
    }

    public String getUrl() {
        return url;
    }

    public String getAuthor() {
        return author;
    }

    public LocalDate getPublishedOn() {
        return publishedOn;
    }
}

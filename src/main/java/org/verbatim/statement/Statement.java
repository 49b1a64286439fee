package org.verbatim.statement;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.envers.Audited;
import org.hibernate.type.SqlTypes;
import org.verbatim.event.Event;
import org.verbatim.speaker.Speaker;

/**
 * Something a speaker said (or had said for them), at an event, on a date, as published by its sources. Every change
 * is kept as a revision; a deleted statement stays stored, hidden from every read, until it is purged.
 */
@Entity
@Table(name = "statement")
@Audited
public class Statement {

    @Id
    private String id;

    @Column(nullable = false, length = StatementRequest.MAX_TEXT_LENGTH)
    private String text;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false)
    private StatementKind kind;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "speaker_id")
    private Speaker speaker;

    @Column(name = "speaker_role")
    private String speakerRole;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "on_behalf_of_id")
    private Speaker onBehalfOf;

    @Column(name = "stated_on", nullable = false)
    private LocalDate statedOn;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "event_id")
    private Event event;

    private String context;

    @Column(nullable = false)
    private String language;

    @ElementCollection
    @CollectionTable(name = "statement_topic", joinColumns = @JoinColumn(name = "statement_id"))
    @OrderColumn(name = "list_index")
    @Column(name = "topic", nullable = false)
    private List<String> topics = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "statement_source", joinColumns = @JoinColumn(name = "statement_id"))
    @OrderColumn(name = "list_index")
    private List<Source> sources = new ArrayList<>();

    /** Digest of the words, for finding the same statement reported twice; see {@link SameWords}. */
    @Column(name = "text_key")
    private String textKey;

    @Column(name = "source_count", nullable = false)
    private int sourceCount;

    @Column(name = "first_published_on")
    private LocalDate firstPublishedOn;

    @Version
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Set while the statement is deleted; the modified flag tells deletions and restorations apart in history. */
    @Column(name = "deleted_at")
    @Audited(withModifiedFlag = true, modifiedColumnName = "deleted_at_mod")
    private Instant deletedAt;

    protected Statement() {}

    /** A new statement with this id: a new one from {@link org.verbatim.common.api.Ids}, or one kept by an import. */
    public Statement(String id) {
        this.id = id;
    }

    /** Copies a validated request whose references have been resolved. */
    void apply(StatementRequest request, Speaker speaker, Speaker onBehalfOf, Event event) {
        text = request.text();
        kind = request.kind();
        this.speaker = speaker;
        speakerRole = request.speakerRole();
        this.onBehalfOf = onBehalfOf;
        statedOn = request.statedOn();
        this.event = event;
        context = request.context();
        language = request.language();
        topics.clear();
        topics.addAll(request.topics());
        sources.clear();
        request.sources().forEach(source -> sources.add(source.toEntity()));
        textKey = SameWords.key(text);
        sourcesChanged();
    }

    /**
     * Merges a report of the same words: sources not yet listed are added, and the longer of the two exact texts
     * is kept. Answers whether anything changed.
     */
    boolean merge(String otherText, List<Source> otherSources) {
        boolean changed = false;
        if (otherText.length() > text.length()) {
            text = otherText;
            changed = true;
        }
        for (Source source : otherSources) {
            if (sources.stream().noneMatch(source::sameAs)) {
                sources.add(source);
                changed = true;
            }
        }
        sourcesChanged();
        return changed;
    }

    private void sourcesChanged() {
        sourceCount = sources.size();
        firstPublishedOn = sources.stream().map(Source::getPublishedOn).filter(Objects::nonNull)
                .min(LocalDate::compareTo).orElse(null);
    }

    void touch(Instant now) {
        if (createdAt == null) {
            createdAt = now;
        }
        updatedAt = now;
    }

    void markDeleted(Instant now) {
        deletedAt = now;
    }

    void restore() {
        deletedAt = null;
    }

    public String getId() {
        return id;
    }

    public String getText() {
        return text;
    }

    public StatementKind getKind() {
        return kind;
    }

    public Speaker getSpeaker() {
        return speaker;
    }

    public String getSpeakerRole() {
        return speakerRole;
    }

    public Speaker getOnBehalfOf() {
        return onBehalfOf;
    }

    public LocalDate getStatedOn() {
        return statedOn;
    }

    public Event getEvent() {
        return event;
    }

    public String getContext() {
        return context;
    }

    public String getLanguage() {
        return language;
    }

    public List<String> getTopics() {
        return topics;
    }

    public List<Source> getSources() {
        return sources;
    }

    public String getTextKey() {
        return textKey;
    }

    public int getSourceCount() {
        return sourceCount;
    }

    public LocalDate getFirstPublishedOn() {
        return firstPublishedOn;
    }

    public long getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }
}

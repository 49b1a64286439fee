package org.verbatim.event;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.envers.Audited;
import org.hibernate.envers.NotAudited;
import org.hibernate.type.SqlTypes;
import org.verbatim.common.text.Folding;
import org.verbatim.speaker.Speaker;

/** An occasion statements were made at: a summit, a phone call, a briefing, an interview. */
@Entity
@Table(name = "event")
@Audited
public class Event {

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false)
    private EventKind kind;

    @Column(name = "start_date", nullable = false)
    private LocalDate startDate;

    @Column(name = "end_date")
    private LocalDate endDate;

    private String city;
    private String country;

    @ManyToMany
    @JoinTable(name = "event_participant", joinColumns = @JoinColumn(name = "event_id"),
            inverseJoinColumns = @JoinColumn(name = "speaker_id"))
    @OrderColumn(name = "list_index")
    private List<Speaker> participants = new ArrayList<>();

    private String description;

    // Derived from the other fields: nothing to keep in history.
    @NotAudited
    @Column(name = "search_text", nullable = false)
    private String searchText;

    @Version
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Event() {}

    /** A new event with this id: a new one from {@link org.verbatim.common.api.Ids}, or one kept by an import. */
    public Event(String id) {
        this.id = id;
    }

    /** Copies a validated request; the participants are the speakers its ids named, in order. */
    void apply(EventRequest request, List<Speaker> participantSpeakers) {
        name = request.name();
        kind = request.kind();
        startDate = request.startDate();
        endDate = request.endDate();
        city = request.location() == null ? null : request.location().city();
        country = request.location() == null ? null : request.location().country();
        participants.clear();
        participants.addAll(participantSpeakers);
        description = request.description();
        searchText = Folding.searchText(name, city);
    }

    void touch(Instant now) {
        if (createdAt == null) {
            createdAt = now;
        }
        updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public EventKind getKind() {
        return kind;
    }

    public LocalDate getStartDate() {
        return startDate;
    }

    public LocalDate getEndDate() {
        return endDate;
    }

    public Location getLocation() {
        return Location.of(city, country);
    }

    public List<Speaker> getParticipants() {
        return participants;
    }

    public String getDescription() {
        return description;
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
}

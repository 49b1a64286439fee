package org.verbatim.speaker;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.envers.Audited;
import org.hibernate.envers.NotAudited;
import org.hibernate.type.SqlTypes;
import org.verbatim.common.text.Folding;

/** A person or an organisation that statements are attributed to. */
@Entity
@Table(name = "speaker")
@Audited
public class Speaker {

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false)
    private SpeakerKind kind;

    private String title;
    private String affiliation;
    private String country;

    @ElementCollection
    @CollectionTable(name = "speaker_alias", joinColumns = @JoinColumn(name = "speaker_id"))
    @OrderColumn(name = "list_index")
    @Column(name = "alias", nullable = false)
    private List<String> aliases = new ArrayList<>();

    @Column(name = "wikidata_id")
    private String wikidataId;

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

    protected Speaker() {}

    /** A new speaker with this id: a new one from {@link org.verbatim.common.api.Ids}, or one kept by an import. */
    public Speaker(String id) {
        this.id = id;
    }

    /** Copies the writable fields of a request; the caller has validated it. */
    void apply(SpeakerRequest request) {
        name = request.name();
        kind = request.kind();
        title = request.title();
        affiliation = request.affiliation();
        country = request.country();
        aliases.clear();
        aliases.addAll(request.aliases());
        wikidataId = request.wikidataId();
        List<String> names = new ArrayList<>(aliases);
        names.add(0, name);
        searchText = Folding.searchText(names.toArray(String[]::new));
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

    public SpeakerKind getKind() {
        return kind;
    }

    public String getTitle() {
        return title;
    }

    public String getAffiliation() {
        return affiliation;
    }

    public String getCountry() {
        return country;
    }

    public List<String> getAliases() {
        return aliases;
    }

    public String getWikidataId() {
        return wikidataId;
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

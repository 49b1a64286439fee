package org.verbatim.speaker;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.text.Folding;

@ApplicationScoped
public class SpeakerRepository implements PanacheRepositoryBase<Speaker, String> {

    /** Speakers whose name or an alias contains {@code text} (folded), of the given kinds, by name. */
    public Page<Speaker> search(String text, List<SpeakerKind> kinds, PageRequest request) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (text != null) {
            where.add("searchText like :text escape '\\'");
            params.and("text", Folding.likeContains(text));
        }
        if (!kinds.isEmpty()) {
            where.add("kind in :kinds");
            params.and("kinds", kinds);
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        PanacheQuery<Speaker> found = find(query, Sort.by("name").and("id"), params)
                .page(request.page(), request.size());
        return new Page<>(found.list(), request.page(), request.size(), found.count());
    }

    public Optional<Speaker> findByWikidataId(String wikidataId) {
        return find("wikidataId", wikidataId).firstResultOptional();
    }

    /** Statements (as speaker or on behalf of) and events (as participant) that point at a speaker. */
    public References references(String id) {
        long statements = ((Number) getEntityManager()
                .createNativeQuery("select count(*) from statement where speaker_id = ?1 or on_behalf_of_id = ?1")
                .setParameter(1, id).getSingleResult()).longValue();
        long events = ((Number) getEntityManager()
                .createNativeQuery("select count(distinct event_id) from event_participant where speaker_id = ?1")
                .setParameter(1, id).getSingleResult()).longValue();
        return new References(statements, events);
    }

    public record References(long statements, long events) {
        boolean any() {
            return statements > 0 || events > 0;
        }
    }
}

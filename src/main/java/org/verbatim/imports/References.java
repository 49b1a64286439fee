package org.verbatim.imports;

import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.verbatim.common.api.Ids;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.text.Folding;
import org.verbatim.event.EventService;
import org.verbatim.speaker.SpeakerKind;
import org.verbatim.speaker.SpeakerService;

/**
 * Resolves the speakers and events an import's records name, by id or inline, for the length of one import.
 * What is learnt inside a transaction is kept only once it commits: a rolled-back batch leaves no record behind,
 * so it must leave no memory of one either.
 */
class References {

    private final SpeakerService speakers;
    private final EventService events;
    private final EntityManager entityManager;
    private final Validation validation;

    private final Known committed = new Known();
    private Known pending = new Known();
    private boolean speakersLoaded;

    /** What is known to be stored: speaker kinds by id, and ids by the keys inline records are matched on. */
    private static final class Known {
        final Map<String, SpeakerKind> speakerKinds = new HashMap<>();
        final Map<String, String> speakersByKey = new HashMap<>();
        final Set<String> eventIds = new HashSet<>();
        final Map<String, String> eventsByKey = new HashMap<>();
        final Set<LocalDate> eventDatesLoaded = new HashSet<>();
        /** Ids a batch's look-up found no record for: true only until that batch ends, so never committed. */
        final Set<String> absentSpeakers = new HashSet<>();
        final Set<String> absentEvents = new HashSet<>();

        void addAll(Known other) {
            speakerKinds.putAll(other.speakerKinds);
            speakersByKey.putAll(other.speakersByKey);
            eventIds.addAll(other.eventIds);
            eventsByKey.putAll(other.eventsByKey);
            eventDatesLoaded.addAll(other.eventDatesLoaded);
        }
    }

    References(SpeakerService speakers, EventService events, EntityManager entityManager, Validation validation) {
        this.speakers = speakers;
        this.events = events;
        this.entityManager = entityManager;
        this.validation = validation;
    }

    /**
     * Looks up at once the speakers and events that a batch of records names and that are not known yet, and the
     * events on the start dates of its inline events: a query per batch rather than several per record.
     */
    @SuppressWarnings("unchecked")
    void prefetch(List<ImportRecord> records) {
        Set<String> speakerIds = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        Set<LocalDate> dates = new HashSet<>();
        for (ImportRecord record : records) {
            speakerIds.add(record.speakerId());
            speakerIds.add(record.onBehalfOfId());
            speakerIds.add(record.speaker() == null ? null : record.speaker().id());
            speakerIds.add(record.onBehalfOf() == null ? null : record.onBehalfOf().id());
            eventIds.add(record.eventId());
            if (record.event() != null) {
                eventIds.add(record.event().id());
                dates.add(record.event().startDate());
            }
        }
        speakerIds.removeIf(id -> id == null || knownSpeakerKind(id) != null);
        eventIds.removeIf(id -> id == null || pending.eventIds.contains(id) || committed.eventIds.contains(id));
        dates.removeIf(date -> date == null || committed.eventDatesLoaded.contains(date)
                || pending.eventDatesLoaded.contains(date));
        pending.absentSpeakers.addAll(speakerIds);
        for (List<String> ids : chunks(speakerIds)) {
            List<Object[]> rows = entityManager.createNativeQuery("select id, kind from speaker where id in (?1)")
                    .setParameter(1, ids).getResultList();
            for (Object[] row : rows) {
                pending.absentSpeakers.remove((String) row[0]);
                pending.speakerKinds.put((String) row[0], SpeakerKind.valueOf((String) row[1]));
            }
        }
        pending.absentEvents.addAll(eventIds);
        for (List<String> ids : chunks(eventIds)) {
            List<String> found = entityManager.createNativeQuery("select id from event where id in (?1)")
                    .setParameter(1, ids).getResultList();
            found.forEach(pending.absentEvents::remove);
            pending.eventIds.addAll(found);
        }
        for (List<LocalDate> some : chunks(dates)) {
            List<Object[]> rows = entityManager.createNativeQuery(
                            "select id, name, start_date from event where start_date in (?1)")
                    .setParameter(1, some).getResultList();
            for (Object[] row : rows) {
                LocalDate date = row[2] instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) row[2];
                pending.eventIds.add((String) row[0]);
                pending.eventsByKey.putIfAbsent(eventKey((String) row[1], date), (String) row[0]);
            }
            pending.eventDatesLoaded.addAll(some);
        }
    }

    private static <T> List<List<T>> chunks(Set<T> values) {
        List<T> all = List.copyOf(values);
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 1_000) {
            chunks.add(all.subList(i, Math.min(all.size(), i + 1_000)));
        }
        return chunks;
    }

    void commit() {
        committed.addAll(pending);
        pending = new Known();
    }

    void discard() {
        pending = new Known();
    }

    /**
     * The id of the speaker a record names in {@code field} (such as {@code speaker}), or null when it names none.
     * Inline speakers are matched by id, Wikidata id, then name and kind, and created when missing.
     */
    String speaker(String field, String id, ImportRecord.InlineSpeaker inline) {
        if (inline != null && id != null && inline.id() != null && !id.equals(inline.id())) {
            throw ApiException.invalid(field + ".id", "names another speaker than " + field + "Id");
        }
        if (inline == null) {
            if (id != null && speakerKind(id) == null) {
                throw ApiException.invalidReference(field + "Id", "no speaker with id '" + id + "'");
            }
            return id;
        }
        String wantedId = inline.id() != null ? inline.id() : id;
        if (wantedId != null && speakerKind(wantedId) != null) {
            return wantedId;
        }
        loadSpeakers();
        String found = null;
        if (inline.wikidataId() != null) {
            found = speakerByKey("wd:" + inline.wikidataId());
        }
        if (found == null && inline.name() != null && inline.kind() != null) {
            found = speakerByKey(nameKey(inline.name(), inline.kind()));
        }
        if (found != null) {
            return found;
        }
        if (inline.name() == null || inline.kind() == null) {
            throw ApiException.invalid(field + (inline.name() == null ? ".name" : ".kind"),
                    "is needed to create the speaker, which is not stored");
        }
        String newId = newId(field, wantedId);
        speakers.create(validation.valid(inline.toRequest(), field), newId);
        pending.speakerKinds.put(newId, inline.kind());
        pending.speakersByKey.put(nameKey(inline.name(), inline.kind()), newId);
        if (inline.wikidataId() != null) {
            pending.speakersByKey.put("wd:" + inline.wikidataId(), newId);
        }
        return newId;
    }

    SpeakerKind speakerKind(String id) {
        SpeakerKind kind = knownSpeakerKind(id);
        if (kind == null && !pending.absentSpeakers.contains(id)) {
            kind = speakers.findEntity(id).map(speaker -> speaker.getKind()).orElse(null);
            if (kind != null) {
                pending.speakerKinds.put(id, kind);
            }
        }
        return kind;
    }

    /**
     * The id of the event a record names, by id or inline. Inline events are matched by id, then name and start
     * date, and created when missing.
     */
    String event(String id, ImportRecord.InlineEvent inline) {
        if (inline != null && id != null && inline.id() != null && !id.equals(inline.id())) {
            throw ApiException.invalid("event.id", "names another event than eventId");
        }
        if (inline == null) {
            if (id == null) {
                throw ApiException.invalid("eventId", "must name an event, or describe it in event");
            }
            if (!eventExists(id)) {
                throw ApiException.invalidReference("eventId", "no event with id '" + id + "'");
            }
            return id;
        }
        String wantedId = inline.id() != null ? inline.id() : id;
        if (wantedId != null && eventExists(wantedId)) {
            return wantedId;
        }
        if (inline.name() == null || inline.startDate() == null) {
            throw ApiException.invalid(inline.name() == null ? "event.name" : "event.startDate",
                    "is needed to find or create the event" + (wantedId == null ? "" : ", which is not stored"));
        }
        loadEventsOn(inline.startDate());
        String key = eventKey(inline.name(), inline.startDate());
        String found = pending.eventsByKey.getOrDefault(key, committed.eventsByKey.get(key));
        if (found != null) {
            return found;
        }
        if (inline.kind() == null) {
            throw ApiException.invalid("event.kind", "is needed to create the event, which is not stored");
        }
        List<String> participantIds = new ArrayList<>();
        List<ImportRecord.InlineSpeaker> participants = inline.participants() == null ? List.of() : inline.participants();
        for (int i = 0; i < participants.size(); i++) {
            String field = "event.participants[" + i + "]";
            if (participants.get(i) == null) {
                throw ApiException.invalid(field, "must describe a speaker");
            }
            participantIds.add(speaker(field, null, participants.get(i)));
        }
        String newId = newId("event", wantedId);
        events.create(validation.valid(inline.toRequest(participantIds), "event"), newId);
        pending.eventIds.add(newId);
        pending.eventsByKey.put(key, newId);
        return newId;
    }

    private SpeakerKind knownSpeakerKind(String id) {
        SpeakerKind kind = pending.speakerKinds.get(id);
        return kind != null ? kind : committed.speakerKinds.get(id);
    }

    private boolean eventExists(String id) {
        if (pending.eventIds.contains(id) || committed.eventIds.contains(id)) {
            return true;
        }
        if (pending.absentEvents.contains(id)) {
            return false;
        }
        boolean exists = events.findEntity(id).isPresent();
        if (exists) {
            pending.eventIds.add(id);
        }
        return exists;
    }

    private String speakerByKey(String key) {
        return pending.speakersByKey.getOrDefault(key, committed.speakersByKey.get(key));
    }

    /** Every stored speaker's keys, once per import: there are few speakers and many statements. */
    @SuppressWarnings("unchecked")
    private void loadSpeakers() {
        if (speakersLoaded) {
            return;
        }
        List<Object[]> rows = entityManager.createNativeQuery("select id, name, kind, wikidata_id from speaker")
                .getResultList();
        for (Object[] row : rows) {
            String id = (String) row[0];
            SpeakerKind kind = SpeakerKind.valueOf((String) row[2]);
            committed.speakerKinds.put(id, kind);
            committed.speakersByKey.putIfAbsent(nameKey((String) row[1], kind), id);
            if (row[3] != null) {
                committed.speakersByKey.put("wd:" + row[3], id);
            }
        }
        speakersLoaded = true;
    }

    @SuppressWarnings("unchecked")
    private void loadEventsOn(LocalDate date) {
        if (committed.eventDatesLoaded.contains(date) || pending.eventDatesLoaded.contains(date)) {
            return;
        }
        List<Object[]> rows = entityManager.createNativeQuery("select id, name from event where start_date = ?1")
                .setParameter(1, date).getResultList();
        for (Object[] row : rows) {
            pending.eventIds.add((String) row[0]);
            pending.eventsByKey.putIfAbsent(eventKey((String) row[1], date), (String) row[0]);
        }
        pending.eventDatesLoaded.add(date);
    }

    private static String newId(String field, String wanted) {
        if (wanted == null) {
            return Ids.newId();
        }
        if (!Ids.isValid(wanted)) {
            throw ApiException.invalid(field + ".id", "must be a UUID in lower case, such as"
                    + " 0196c3a1-8a4e-7f3c-9b1d-2f6e5a7c8d90");
        }
        return wanted;
    }

    private static String nameKey(String name, SpeakerKind kind) {
        return "nk:" + Folding.words(name) + '|' + kind;
    }

    private static String eventKey(String name, LocalDate startDate) {
        return Folding.words(name) + '|' + startDate;
    }
}

package org.verbatim.event;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.verbatim.common.api.Ids;
import org.verbatim.common.api.Clock;
import org.verbatim.common.api.MergePatcher;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.Versions;
import org.verbatim.common.db.IdAndName;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;
import org.verbatim.common.history.History;
import org.verbatim.common.history.Revision;
import org.verbatim.speaker.Speaker;
import org.verbatim.speaker.SpeakerService;

@ApplicationScoped
@Transactional
public class EventService {

    private final EventRepository events;
    private final SpeakerService speakers;
    private final MergePatcher patcher;
    private final jakarta.enterprise.event.Event<EventChanged> changed;
    private final History history;

    public EventService(EventRepository events, SpeakerService speakers, MergePatcher patcher,
            jakarta.enterprise.event.Event<EventChanged> changed, History history) {
        this.events = events;
        this.speakers = speakers;
        this.patcher = patcher;
        this.changed = changed;
        this.history = history;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<EventResponse> list(EventRepository.Filter filter, PageRequest page) {
        return events.search(filter, page).map(EventResponse::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public EventResponse get(String id) {
        return EventResponse.of(find(id));
    }

    public EventResponse create(EventRequest request) {
        Event event = create(request, Ids.newId());
        events.flush();
        return EventResponse.of(event);
    }

    /**
     * Creates an event with a given id, such as one an import keeps from the instance it came from. It is written
     * with the transaction's next flush, so that a batch of them costs one.
     */
    public Event create(EventRequest request, String id) {
        Event event = new Event(id);
        event.apply(checked(request), participants(request));
        event.touch(Clock.now());
        events.persist(event);
        return event;
    }

    public EventResponse replace(String id, EventRequest request, OptionalLong expectedVersion) {
        Event event = findAtVersion(id, expectedVersion);
        if (!EventRequest.of(event).equals(request)) {
            boolean displayedChange = !event.getName().equals(request.name()) || event.getKind() != request.kind()
                    || !event.getStartDate().equals(request.startDate());
            event.apply(checked(request), participants(request));
            event.touch(Clock.now());
            events.flush();
            if (displayedChange) {
                changed.fire(new EventChanged(id));
            }
        }
        return EventResponse.of(event);
    }

    public EventResponse patch(String id, JsonNode patch, OptionalLong expectedVersion) {
        Event event = findAtVersion(id, expectedVersion);
        EventRequest patched = patcher.apply(EventRequest.of(event), patch, EventRequest.class);
        return replace(id, patched, OptionalLong.empty());
    }

    public void delete(String id, OptionalLong expectedVersion) {
        Event event = findAtVersion(id, expectedVersion);
        long statements = events.countStatements(id);
        if (statements > 0) {
            throw new ApiException(ProblemType.STILL_REFERENCED, "Event '" + id + "' is still referenced by "
                    + statements + " statement(s); delete or change those first.");
        }
        List<String> deleted = events.deletedStatementIds(id);
        if (!deleted.isEmpty()) {
            throw ApiException.stillReferencedByDeleted("Event", id, deleted);
        }
        events.delete(event);
        events.flush();
    }

    /**
     * The revisions of an event, newest first. Anyone who may read the event may read its history; the history
     * of a deleted event only with {@code includeDeleted}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Revision<EventResponse>> history(String id, PageRequest page, boolean includeDeleted) {
        requireReadable(id, includeDeleted);
        return history.list(Event.class, id, page, EventResponse::of, History.plain());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Revision<EventResponse> revision(String id, long revision, boolean includeDeleted) {
        requireReadable(id, includeDeleted);
        return history.at(Event.class, id, revision, EventResponse::of, History.plain());
    }

    private void requireReadable(String id, boolean includeDeleted) {
        if (!includeDeleted) {
            find(id);
        }
    }

    /** The event with this id; for other features that reference events. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Event> findEntity(String id) {
        return id == null ? Optional.empty() : events.findByIdOptional(id);
    }

    /** The events with these ids as an export writes them, in one query; ids that name nothing are left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, ExportedEvent> exportedByIds(Collection<String> ids) {
        return ids.isEmpty() ? Map.of() : events.list("id in ?1", ids).stream()
                .collect(Collectors.toMap(Event::getId, ExportedEvent::of));
    }

    /** Names of the events with these ids, in one query; ids that name nothing are left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> namesById(Collection<String> ids) {
        return ids.isEmpty() ? Map.of() : events.find("id in ?1", ids).project(IdAndName.class).stream()
                .collect(Collectors.toMap(IdAndName::id, IdAndName::name));
    }

    private Event find(String id) {
        return events.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("event", id));
    }

    private Event findAtVersion(String id, OptionalLong expectedVersion) {
        Event event = find(id);
        Versions.require(expectedVersion, event.getVersion());
        return event;
    }

    private static EventRequest checked(EventRequest request) {
        if (request.endDate() != null && request.endDate().isBefore(request.startDate())) {
            throw ApiException.invalid("endDate", "must not be before startDate " + request.startDate());
        }
        return request;
    }

    private List<Speaker> participants(EventRequest request) {
        List<String> ids = request.participantIds();
        List<Speaker> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = "participantIds[" + i + "]";
            if (!seen.add(ids.get(i))) {
                throw ApiException.invalid(field, "speaker '" + ids.get(i) + "' is listed twice");
            }
            found.add(speakers.findEntity(ids.get(i)).orElseThrow(
                    () -> ApiException.invalidReference(field, "no speaker with this id")));
        }
        return found;
    }
}

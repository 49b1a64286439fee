package org.verbatim.statement;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.OptionalLong;
import org.verbatim.common.api.Clock;
import org.verbatim.common.api.MergePatcher;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.Versions;
import org.verbatim.common.error.ApiException;
import org.verbatim.event.Event;
import org.verbatim.event.EventService;
import org.verbatim.speaker.Speaker;
import org.verbatim.speaker.SpeakerKind;
import org.verbatim.speaker.SpeakerService;

@ApplicationScoped
@Transactional
public class StatementService {

    private final StatementRepository statements;
    private final SpeakerService speakers;
    private final EventService events;
    private final MergePatcher patcher;

    public StatementService(StatementRepository statements, SpeakerService speakers, EventService events,
            MergePatcher patcher) {
        this.statements = statements;
        this.speakers = speakers;
        this.events = events;
        this.patcher = patcher;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<StatementResponse> list(StatementFilter filter, StatementSort sort, PageRequest page) {
        return statements.search(filter, sort, page).map(StatementResponse::of);
    }

    /** Statements of one speaker; 404 when there is no such speaker, rather than an empty page. */
    public Page<StatementResponse> listBySpeaker(String speakerId, StatementFilter filter, StatementSort sort,
            PageRequest page) {
        speakers.findEntity(speakerId).orElseThrow(() -> ApiException.notFound("speaker", speakerId));
        return list(filter.withSpeaker(speakerId), sort, page);
    }

    /** Statements made at one event; 404 when there is no such event, rather than an empty page. */
    public Page<StatementResponse> listByEvent(String eventId, StatementFilter filter, StatementSort sort,
            PageRequest page) {
        events.findEntity(eventId).orElseThrow(() -> ApiException.notFound("event", eventId));
        return list(filter.withEvent(eventId), sort, page);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StatementResponse get(String id) {
        return StatementResponse.of(find(id));
    }

    public StatementResponse create(StatementRequest request) {
        Statement statement = new Statement();
        apply(statement, request);
        statements.persistAndFlush(statement);
        return StatementResponse.of(statement);
    }

    public StatementResponse replace(String id, StatementRequest request, OptionalLong expectedVersion) {
        Statement statement = findAtVersion(id, expectedVersion);
        if (!StatementRequest.of(statement).equals(request)) {
            apply(statement, request);
            statements.flush();
        }
        return StatementResponse.of(statement);
    }

    public StatementResponse patch(String id, JsonNode patch, OptionalLong expectedVersion) {
        Statement statement = findAtVersion(id, expectedVersion);
        StatementRequest patched = patcher.apply(StatementRequest.of(statement), patch, StatementRequest.class);
        return replace(id, patched, OptionalLong.empty());
    }

    public void delete(String id, OptionalLong expectedVersion) {
        statements.delete(findAtVersion(id, expectedVersion));
        statements.flush();
    }

    private void apply(Statement statement, StatementRequest request) {
        Speaker speaker = speakers.findEntity(request.speakerId()).orElseThrow(
                () -> ApiException.invalidReference("speakerId", "no speaker with id '" + request.speakerId() + "'"));
        Event event = events.findEntity(request.eventId()).orElseThrow(
                () -> ApiException.invalidReference("eventId", "no event with id '" + request.eventId() + "'"));
        Speaker onBehalfOf = null;
        if (request.onBehalfOfId() != null) {
            onBehalfOf = speakers.findEntity(request.onBehalfOfId()).orElseThrow(() -> ApiException
                    .invalidReference("onBehalfOfId", "no speaker with id '" + request.onBehalfOfId() + "'"));
            if (onBehalfOf.getKind() != SpeakerKind.ORGANIZATION) {
                throw ApiException.invalidReference("onBehalfOfId",
                        "must be an ORGANIZATION speaker; '" + onBehalfOf.getName() + "' is a " + onBehalfOf.getKind());
            }
        }
        statement.apply(request, speaker, onBehalfOf, event);
        statement.touch(Clock.now());
    }

    private Statement find(String id) {
        return statements.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("statement", id));
    }

    private Statement findAtVersion(String id, OptionalLong expectedVersion) {
        Statement statement = find(id);
        Versions.require(expectedVersion, statement.getVersion());
        return statement;
    }
}

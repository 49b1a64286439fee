package org.verbatim.speaker;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.verbatim.common.api.Ids;
import org.verbatim.common.api.Clock;
import org.verbatim.common.api.MergePatcher;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.Versions;
import org.verbatim.common.db.IdAndName;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.Problem;
import org.verbatim.common.error.ProblemType;
import org.verbatim.common.history.History;
import org.verbatim.common.history.Revision;

@ApplicationScoped
@Transactional
public class SpeakerService {

    private final SpeakerRepository speakers;
    private final MergePatcher patcher;
    private final Event<SpeakerChanged> changed;
    private final History history;

    public SpeakerService(SpeakerRepository speakers, MergePatcher patcher, Event<SpeakerChanged> changed,
            History history) {
        this.speakers = speakers;
        this.patcher = patcher;
        this.changed = changed;
        this.history = history;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SpeakerResponse> list(String text, List<SpeakerKind> kinds, PageRequest page) {
        return speakers.search(text, kinds, page).map(SpeakerResponse::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SpeakerResponse get(String id) {
        return SpeakerResponse.of(find(id));
    }

    public SpeakerResponse create(SpeakerRequest request) {
        Speaker speaker = create(request, Ids.newId());
        speakers.flush();
        return SpeakerResponse.of(speaker);
    }

    /**
     * Creates a speaker with a given id, such as one an import keeps from the instance it came from. It is written
     * with the transaction's next flush, so that a batch of them costs one.
     */
    public Speaker create(SpeakerRequest request, String id) {
        requireUniqueWikidataId(request.wikidataId(), null);
        Speaker speaker = new Speaker(id);
        speaker.apply(request);
        speaker.touch(Clock.now());
        speakers.persist(speaker);
        return speaker;
    }

    public SpeakerResponse replace(String id, SpeakerRequest request, OptionalLong expectedVersion) {
        Speaker speaker = findAtVersion(id, expectedVersion);
        if (!SpeakerRequest.of(speaker).equals(request)) {
            requireUniqueWikidataId(request.wikidataId(), id);
            boolean displayedChange = !speaker.getName().equals(request.name()) || speaker.getKind() != request.kind();
            speaker.apply(request);
            speaker.touch(Clock.now());
            speakers.flush();
            if (displayedChange) {
                changed.fire(new SpeakerChanged(id));
            }
        }
        return SpeakerResponse.of(speaker);
    }

    public SpeakerResponse patch(String id, JsonNode patch, OptionalLong expectedVersion) {
        Speaker speaker = findAtVersion(id, expectedVersion);
        SpeakerRequest patched = patcher.apply(SpeakerRequest.of(speaker), patch, SpeakerRequest.class);
        return replace(id, patched, OptionalLong.empty());
    }

    public void delete(String id, OptionalLong expectedVersion) {
        Speaker speaker = findAtVersion(id, expectedVersion);
        SpeakerRepository.References references = speakers.references(id);
        if (references.statements() > 0 || references.events() > 0) {
            throw new ApiException(ProblemType.STILL_REFERENCED, "Speaker '" + id + "' is still referenced by "
                    + references.statements() + " statement(s) and " + references.events()
                    + " event(s); delete or change those first.");
        }
        if (!references.deletedStatements().isEmpty()) {
            throw ApiException.stillReferencedByDeleted("Speaker", id, references.deletedStatements());
        }
        speakers.delete(speaker);
        speakers.flush();
    }

    /**
     * The revisions of a speaker, newest first. Anyone who may read the speaker may read its history; the history
     * of a deleted speaker only with {@code includeDeleted}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Revision<SpeakerResponse>> history(String id, PageRequest page, boolean includeDeleted) {
        requireReadable(id, includeDeleted);
        return history.list(Speaker.class, id, page, SpeakerResponse::of, History.plain());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Revision<SpeakerResponse> revision(String id, long revision, boolean includeDeleted) {
        requireReadable(id, includeDeleted);
        return history.at(Speaker.class, id, revision, SpeakerResponse::of, History.plain());
    }

    private void requireReadable(String id, boolean includeDeleted) {
        if (!includeDeleted) {
            find(id);
        }
    }

    /** The speaker with this id; for other features that reference speakers. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Speaker> findEntity(String id) {
        return id == null ? Optional.empty() : speakers.findByIdOptional(id);
    }

    /** The speakers with these ids as an export writes them, in one query; ids that name nothing are left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, SpeakerResponse> exportedByIds(Collection<String> ids) {
        return ids.isEmpty() ? Map.of() : speakers.list("id in ?1", ids).stream()
                .collect(Collectors.toMap(Speaker::getId, SpeakerResponse::of));
    }

    /** Names of the speakers with these ids, in one query; ids that name nothing are left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> namesById(Collection<String> ids) {
        return ids.isEmpty() ? Map.of() : speakers.find("id in ?1", ids).project(IdAndName.class).stream()
                .collect(Collectors.toMap(IdAndName::id, IdAndName::name));
    }

    private Speaker find(String id) {
        return speakers.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("speaker", id));
    }

    private Speaker findAtVersion(String id, OptionalLong expectedVersion) {
        Speaker speaker = find(id);
        Versions.require(expectedVersion, speaker.getVersion());
        return speaker;
    }

    private void requireUniqueWikidataId(String wikidataId, String ownId) {
        if (wikidataId == null) {
            return;
        }
        speakers.findByWikidataId(wikidataId)
                .filter(other -> !other.getId().equals(ownId))
                .ifPresent(other -> {
                    throw new ApiException(ProblemType.CONFLICT, "wikidataId " + wikidataId
                            + " already belongs to speaker '" + other.getId() + "' (" + other.getName() + ").",
                            List.of(new Problem.Violation("wikidataId",
                                    "already used by speaker '" + other.getId() + "'")));
                });
    }
}

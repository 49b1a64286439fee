package org.verbatim.statement;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.verbatim.common.api.Clock;
import org.verbatim.common.api.Ids;
import org.verbatim.common.api.MergePatcher;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.Versions;
import org.verbatim.common.error.ApiException;
import org.verbatim.event.EventService;
import org.verbatim.speaker.Speaker;
import org.verbatim.speaker.SpeakerKind;
import org.verbatim.speaker.SpeakerService;

@ApplicationScoped
@Transactional
public class StatementService {

    private static final int EXPORT_CHUNK = 500;

    private final ExecutorService exportReader = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "export-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final StatementRepository statements;
    private final StatementReads reads;
    private final SpeakerService speakers;
    private final EventService events;
    private final MergePatcher patcher;
    private final Event<StatementChanged> changed;
    private final FullTextSearch search;

    public StatementService(StatementRepository statements, StatementReads reads, SpeakerService speakers,
            EventService events, MergePatcher patcher, Event<StatementChanged> changed, FullTextSearch search) {
        this.search = search;
        this.statements = statements;
        this.reads = reads;
        this.speakers = speakers;
        this.events = events;
        this.patcher = patcher;
        this.changed = changed;
    }

    /**
     * Statements matching the filters, found by the search index and shown as it holds them. The index counts and
     * sorts the 100,000 statements of a prolific speaker in milliseconds, where the database reads every one of
     * them. Lists that need no index (no words, facets or relevance order) are found by the database instead while
     * the index is rebuilt, and for pages deeper than the index answers.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StatementPage list(StatementQuery query, PageRequest page) {
        boolean deep = page.offset() + page.size() > FullTextSearch.MAX_OFFSET;
        if (!query.needsIndex() && (deep || !search.available())) {
            Page<Statement> found = statements.search(query.filter(), query.sort(), page);
            return new StatementPage(found.items().stream().map(StatementResponse::of).toList(), found.page(),
                    found.size(), found.total(), null);
        }
        if (deep) {
            // A search cluster refuses to page further, and the embedded index should answer as it would.
            throw ApiException.invalid("page", "a search (q, facets or relevance order) pages through its first "
                    + FullTextSearch.MAX_OFFSET + " results only (page × size + size ≤ " + FullTextSearch.MAX_OFFSET
                    + "); narrow the search, or export every match with GET /api/v1/statements/export");
        }
        FullTextSearch.SearchResult result = search.search(new FullTextSearch.SearchQuery(query.text(),
                query.filter(), query.sort(), query.facets(), page.offset(), page.size()));
        // Those the index does not hold whole are read from the database (no query when there are none).
        Map<String, StatementResponse> found = new HashMap<>(reads.mapByIds(result.hits().stream()
                .filter(hit -> hit.statement() == null).map(FullTextSearch.Hit::id).toList()));
        result.hits().stream().filter(hit -> hit.statement() != null)
                .forEach(hit -> found.put(hit.id(), hit.statement()));
        List<StatementResponse> items = result.hits().stream()
                .filter(hit -> found.containsKey(hit.id()))
                .map(hit -> found.get(hit.id()).withHighlight(query.text() == null ? null : hit.highlight()))
                .toList();
        return new StatementPage(items, page.page(), page.size(), result.total(),
                query.facets().isEmpty() ? null : labelled(result.facets()));
    }

    /** Statements of one speaker; 404 when there is no such speaker, rather than an empty page. */
    public StatementPage listBySpeaker(String speakerId, StatementQuery query, PageRequest page) {
        speakers.findEntity(speakerId).orElseThrow(() -> ApiException.notFound("speaker", speakerId));
        return list(query.withFilter(query.filter().withSpeaker(speakerId)), page);
    }

    /** Statements made at one event; 404 when there is no such event, rather than an empty page. */
    public StatementPage listByEvent(String eventId, StatementQuery query, PageRequest page) {
        events.findEntity(eventId).orElseThrow(() -> ApiException.notFound("event", eventId));
        return list(query.withFilter(query.filter().withEvent(eventId)), page);
    }

    /** An export is streamed: whether it can search has to be known before its answer starts. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void checkExport(StatementQuery query) {
        if (query.text() != null) {
            search.requireAvailable();
        }
    }

    /**
     * Every statement matching the query, in chunks each read in a transaction of its own, so that memory stays
     * flat however many there are: by id without a full-text query, in the query's order from one view of the
     * index with one.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void export(StatementQuery query, Consumer<ExportedStatement> sink) {
        ExportReferences references = new ExportReferences(speakers::exportedByIds, events::exportedByIds);
        if (query.text() == null) {
            // Without a filter, a chunk is a range of ids, which each table reads by its primary key.
            boolean everything = query.filter().equals(StatementFilter.none());
            String[] lastId = {""};
            stream(() -> QuarkusTransaction.requiringNew().call(() -> {
                List<String> ids = statements.idsAfter(query.filter(), lastId[0], EXPORT_CHUNK);
                if (ids.isEmpty()) {
                    return new ExportChunk(List.of(), true);
                }
                String first = lastId[0];
                lastId[0] = ids.get(ids.size() - 1);
                Map<String, ExportedStatement> chunk = everything
                        ? reads.exportedInRange(first, lastId[0], references)
                        : reads.exportedByIds(ids, references);
                return new ExportChunk(List.copyOf(chunk.values()), ids.size() < EXPORT_CHUNK);
            }), sink);
            return;
        }
        try (FullTextSearch.Matches matches = search.matches(new FullTextSearch.SearchQuery(query.text(),
                query.filter(), query.sort(), Set.of(), 0, EXPORT_CHUNK), EXPORT_CHUNK)) {
            stream(() -> {
                List<String> ids = matches.next();
                Map<String, ExportedStatement> found = QuarkusTransaction.requiringNew()
                        .call(() -> reads.exportedByIds(ids, references));
                return new ExportChunk(ids.stream().filter(found::containsKey).map(found::get).toList(),
                        ids.isEmpty());
            }, sink);
        }
    }

    /** A chunk of an export, and whether it is the last. */
    private record ExportChunk(List<ExportedStatement> statements, boolean last) {}

    /**
     * Writes chunk after chunk, reading the next while this one is written, so that an export keeps two cores busy.
     * The reading is done before this returns, even when writing fails (the client went away): what it reads from
     * is closed next.
     */
    private void stream(Supplier<ExportChunk> chunks, Consumer<ExportedStatement> sink) {
        ExportChunk chunk = chunks.get();
        while (true) {
            CompletableFuture<ExportChunk> next = chunk.last() ? null
                    : CompletableFuture.supplyAsync(chunks, exportReader);
            try {
                chunk.statements().forEach(sink);
            } catch (RuntimeException e) {
                if (next != null) {
                    next.exceptionally(failure -> null).join();
                }
                throw e;
            }
            if (next == null) {
                return;
            }
            try {
                chunk = next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }
    }

    /** The statements most like this one: the starting point for finding variants of a quote. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StatementResponse> similar(String id, int limit) {
        Statement statement = find(id);
        List<String> ids = search.similar(id, statement.getText(), limit);
        Map<String, StatementResponse> found = reads.mapByIds(ids);
        return ids.stream().filter(found::containsKey).map(found::get).toList();
    }

    /** Facet counts, with the names of speakers and events read in one query per facet. */
    private Map<String, List<StatementPage.FacetValue>> labelled(
            Map<FullTextSearch.Facet, List<FullTextSearch.FacetCount>> facets) {
        Map<String, List<StatementPage.FacetValue>> result = new LinkedHashMap<>();
        facets.forEach((facet, counts) -> {
            List<String> values = counts.stream().map(FullTextSearch.FacetCount::value).toList();
            Map<String, String> labels = switch (facet) {
                case SPEAKER -> speakers.namesById(values);
                case EVENT -> events.namesById(values);
                default -> Map.of();
            };
            result.put(facet.parameter(), counts.stream()
                    .map(count -> new StatementPage.FacetValue(count.value(), labels.get(count.value()), count.count()))
                    .toList());
        });
        return result;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StatementResponse get(String id) {
        return reads.find(id).orElseThrow(() -> ApiException.notFound("statement", id));
    }

    /** Records a statement; the same words by the same speaker on the same day are refused with the stored one. */
    public StatementResponse create(StatementRequest request) {
        Statement statement = new Statement(Ids.newId());
        apply(statement, request);
        statements.persistAndFlush(statement);
        changed.fire(new StatementChanged(statement.getId()));
        return StatementResponse.of(statement);
    }

    public StatementResponse replace(String id, StatementRequest request, OptionalLong expectedVersion) {
        Statement statement = findAtVersion(id, expectedVersion);
        if (!StatementRequest.of(statement).equals(request)) {
            apply(statement, request);
            statements.flush();
            changed.fire(new StatementChanged(id));
        }
        return StatementResponse.of(statement);
    }

    public StatementResponse patch(String id, JsonNode patch, OptionalLong expectedVersion) {
        Statement statement = findAtVersion(id, expectedVersion);
        StatementRequest patched = patcher.apply(StatementRequest.of(statement), patch, StatementRequest.class);
        return replace(id, patched, OptionalLong.empty());
    }

    /** Adds a source to a statement; a source it already lists changes nothing. */
    public StatementResponse addSource(String id, SourceDto source, OptionalLong expectedVersion) {
        Statement statement = findAtVersion(id, expectedVersion);
        if (statement.merge(statement.getText(), List.of(source.toEntity()))) {
            statement.touch(Clock.now());
            statements.flush();
            changed.fire(new StatementChanged(id));
        }
        return StatementResponse.of(statement);
    }

    /** Hides the statement from every read; it stays stored, and in history, until restored or purged. */
    public void delete(String id, OptionalLong expectedVersion) {
        findAtVersion(id, expectedVersion).markDeleted(Clock.now());
        statements.flush();
        changed.fire(new StatementChanged(id));
    }

    private void apply(Statement statement, StatementRequest request) {
        Speaker speaker = speakers.findEntity(request.speakerId()).orElseThrow(
                () -> ApiException.invalidReference("speakerId", "no speaker with id '" + request.speakerId() + "'"));
        org.verbatim.event.Event event = events.findEntity(request.eventId()).orElseThrow(
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
        String textKey = SameWords.key(request.text());
        statements.findSameWords(speaker.getId(), request.statedOn(), textKey)
                .filter(same -> !same.getId().equals(statement.getId()))
                .ifPresent(same -> {
                    throw ApiException.duplicate("'" + speaker.getName() + "' already has a statement of the same"
                            + " words on " + request.statedOn() + ": " + same.getId() + (same.getDeletedAt() == null
                                    ? ". Add sources to it with POST /api/v1/statements/" + same.getId() + "/sources."
                                    : ", which an admin deleted: restore it, or purge it to record it anew."),
                            same.getId(), "/api/v1/statements/" + same.getId());
                });
        statement.apply(request, speaker, onBehalfOf, event);
        statement.touch(Clock.now());
    }

    private Statement find(String id) {
        return statements.findLive(id).orElseThrow(() -> ApiException.notFound("statement", id));
    }

    private Statement findAtVersion(String id, OptionalLong expectedVersion) {
        Statement statement = find(id);
        Versions.require(expectedVersion, statement.getVersion());
        return statement;
    }
}

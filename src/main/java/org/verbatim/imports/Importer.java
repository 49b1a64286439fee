package org.verbatim.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.verbatim.common.api.Ids;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.DatabaseUnavailable;
import org.verbatim.common.error.Problem;
import org.verbatim.common.error.ProblemMappers;
import org.verbatim.common.error.ProblemType;
import org.verbatim.event.EventService;
import org.verbatim.speaker.SpeakerKind;
import org.verbatim.speaker.SpeakerService;
import org.verbatim.statement.FullTextSearch;
import org.verbatim.statement.StatementImport;

/**
 * Runs an import: reads the body record by record and stores it in batches, each committed on its own (or all in
 * one transaction when atomic), recording progress and failed lines as it goes.
 */
@ApplicationScoped
public class Importer {

    static final int MAX_LISTED_FAILURES = 1_000;
    private static final Logger LOG = Logger.getLogger(Importer.class);
    private static final int BATCH = 1_000;
    /** A line that failed for a reason other than its content (a concurrent change) is tried this many times. */
    private static final int ATTEMPTS = 3;

    private final ObjectMapper mapper;
    private final StatementImport statements;
    private final SpeakerService speakers;
    private final EventService events;
    private final EntityManager entityManager;
    private final Validation validation;
    private final ImportJobs jobs;
    private final ProblemMappers problems;
    private final Duration atomicTimeout;
    private final FullTextSearch search;

    Importer(ObjectMapper mapper, StatementImport statements, SpeakerService speakers, EventService events,
            EntityManager entityManager, Validation validation, ImportJobs jobs, ProblemMappers problems,
            @ConfigProperty(name = "verbatim.import.atomic-timeout", defaultValue = "1H") Duration atomicTimeout,
            FullTextSearch search) {
        this.mapper = mapper;
        this.statements = statements;
        this.speakers = speakers;
        this.events = events;
        this.entityManager = entityManager;
        this.validation = validation;
        this.jobs = jobs;
        this.problems = problems;
        this.atomicTimeout = atomicTimeout;
        this.search = search;
    }

    /** The counts of an import as it runs, and the failures not yet recorded. */
    private static final class Progress {
        ImportReport report;
        final List<ImportReport.LineFailure> unrecorded = new ArrayList<>();
        int recorded;

        Progress(ImportReport report) {
            this.report = report;
        }

        void count(long lines, long created, long merged, long unchanged, long failed) {
            ImportReport r = report;
            report = new ImportReport(r.id(), r.status(), r.format(), r.atomic(), r.startedBy(), r.startedAt(),
                    null, r.lines() + lines, r.created() + created, r.merged() + merged, r.unchanged() + unchanged,
                    r.failed() + failed, null, null);
        }

        void finish(ImportStatus status, String message) {
            ImportReport r = report;
            report = new ImportReport(r.id(), status, r.format(), r.atomic(), r.startedBy(), r.startedAt(),
                    Instant.now(), r.lines(), r.created(), r.merged(), r.unchanged(), r.failed(), message, null);
        }
    }

    /** What storing some lines gave, kept apart until its transaction has committed. */
    private record Result(List<StatementImport.Outcome> outcomes, List<ImportReport.LineFailure> failures,
            long failedLines) {}

    /**
     * Reads and stores the body; the report is final when this returns, and what was stored is in the search index
     * by then.
     */
    public ImportReport run(InputStream body, ImportFormat format, boolean atomic, String user, UriInfo uri)
            throws IOException {
        RecordReader reader = RecordReader.open(format, body, mapper);
        Progress progress = new Progress(new ImportReport(Ids.newId(), ImportStatus.RUNNING, format.parameter, atomic,
                user, Instant.now(), null, 0, 0, 0, 0, 0, null, null));
        jobs.start(progress.report);
        References references = new References(speakers, events, entityManager, validation);
        try {
            try {
                if (atomic) {
                    runAtomic(reader, progress, references, uri);
                } else {
                    runInBatches(reader, progress, references, uri);
                    progress.finish(ImportStatus.COMPLETED, null);
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.infof("Import %s stopped: the body could not be read (%s)", progress.report.id(), e.getMessage());
                progress.finish(ImportStatus.ABORTED, "The body could not be read to its end after line "
                        + progress.report.lines() + ": " + readableCause(e) + ". What was stored before stays.");
            } catch (RuntimeException e) {
                if (DatabaseUnavailable.isCause(e)) {
                    abandon(progress);
                    throw e;
                }
                if (jobs.stopping()) {
                    // Left as running: the next start marks it aborted, saying that the service stopped.
                    LOG.infof("Import %s stopped with the service after line %d", progress.report.id(),
                            progress.report.lines());
                    throw e;
                }
                LOG.error("Import " + progress.report.id() + " failed", e);
                progress.finish(ImportStatus.ABORTED, "The import stopped after line " + progress.report.lines()
                        + " on an unexpected error. What was stored before stays.");
            }
            search.catchUp();
            record(progress);
        } finally {
            // However it ended: should its last record have failed, the import is aborted as abandoned.
            jobs.ended(progress.report.id());
        }
        return jobs.find(progress.report.id()).orElseThrow();
    }

    private void runInBatches(RecordReader reader, Progress progress, References references, UriInfo uri)
            throws IOException {
        for (List<RecordReader.Line> batch = reader.nextBatch(BATCH); !batch.isEmpty(); batch = reader.nextBatch(BATCH)) {
            List<RecordReader.Line> lines = batch;
            try {
                account(progress, QuarkusTransaction.requiringNew().call(() -> store(lines, references, uri, true)));
                references.commit();
            } catch (RuntimeException e) {
                references.discard();
                if (DatabaseUnavailable.isCause(e) || jobs.stopping()) {
                    throw e;
                }
                // Something only the database could tell: find the line, storing the others one by one.
                lines.forEach(line -> storeAlone(line, progress, references, uri));
            }
            progress.count(lines.size(), 0, 0, 0, 0);
            record(progress);
        }
    }

    private void storeAlone(RecordReader.Line line, Progress progress, References references, UriInfo uri) {
        for (int attempt = 1; ; attempt++) {
            try {
                account(progress, QuarkusTransaction.requiringNew().call(() -> store(List.of(line), references, uri, true)));
                references.commit();
                return;
            } catch (RuntimeException e) {
                references.discard();
                if (DatabaseUnavailable.isCause(e) || jobs.stopping()) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    LOG.warnf(e, "Import %s: line %d could not be stored", progress.report.id(), line.number());
                    account(progress, new Result(List.of(), List.of(storageFailure(line.number(), e)), 1));
                    return;
                }
            }
        }
    }

    /**
     * Everything in one transaction, which is rolled back if any line fails. Lines are stored one at a time, so
     * that a failure the database reports is pinned to its line; such a failure ends the import.
     */
    private void runAtomic(RecordReader reader, Progress progress, References references, UriInfo uri)
            throws IOException {
        QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout((int) atomicTimeout.toSeconds()));
        boolean stored = false;
        try {
            for (List<RecordReader.Line> batch = reader.nextBatch(BATCH); !batch.isEmpty(); batch = reader.nextBatch(BATCH)) {
                for (RecordReader.Line line : batch) {
                    try {
                        account(progress, store(List.of(line), references, uri, false));
                    } catch (RuntimeException e) {
                        if (DatabaseUnavailable.isCause(e) || jobs.stopping()) {
                            throw e;
                        }
                        LOG.warnf(e, "Import %s: line %d could not be stored", progress.report.id(), line.number());
                        account(progress, new Result(List.of(), List.of(storageFailure(line.number(), e)), 1));
                        progress.count(1, 0, 0, 0, 0);
                        throw new AtomicImportStopped();
                    }
                    progress.count(1, 0, 0, 0, 0);
                }
                entityManager.flush();
                entityManager.clear();
                record(progress);
            }
            stored = progress.report.failed() == 0;
        } catch (AtomicImportStopped stop) {
            // rolled back below
        } finally {
            if (stored) {
                QuarkusTransaction.commit();
                references.commit();
            } else {
                QuarkusTransaction.rollback();
                references.discard();
            }
        }
        if (stored) {
            progress.finish(ImportStatus.COMPLETED, null);
        } else {
            long failed = progress.report.failed();
            progress.count(0, -progress.report.created(), -progress.report.merged(), -progress.report.unchanged(), 0);
            progress.finish(ImportStatus.ROLLED_BACK, failed + (failed == 1 ? " line" : " lines")
                    + " could not be stored, so nothing was.");
        }
    }

    private static final class AtomicImportStopped extends RuntimeException {
        AtomicImportStopped() {
            super(null, null, false, false);
        }
    }

    /**
     * Stores the lines that can be in the current transaction. A line whose content is wrong is a failure of that
     * line; what the database refuses is thrown, and undoes the whole call. {@code wholeTransaction}: nothing else is
     * stored in this transaction (see {@link StatementImport#write}).
     */
    private Result store(List<RecordReader.Line> lines, References references, UriInfo uri,
            boolean wholeTransaction) {
        // Flushing before each query would check every entity of the batch each time: flush once, at the end.
        entityManager.unwrap(Session.class).setHibernateFlushMode(FlushMode.COMMIT);
        List<StatementImport.Item> items = new ArrayList<>();
        List<Long> lineOf = new ArrayList<>();
        List<ImportReport.LineFailure> failures = new ArrayList<>();
        long failedLines = 0;
        references.prefetch(lines.stream().filter(line -> line.record() != null).map(RecordReader.Line::record)
                .toList());
        for (RecordReader.Line line : lines) {
            try {
                if (line.error() != null) {
                    throw line.error();
                }
                items.add(prepare(line.record(), references));
                lineOf.add(line.number());
            } catch (Exception e) {
                failures.addAll(describe(line.number(), e, uri));
                failedLines++;
            }
        }
        List<StatementImport.Outcome> outcomes = statements.write(items, wholeTransaction);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == StatementImport.Outcome.DELETED) {
                failures.add(new ImportReport.LineFailure(lineOf.get(i), ProblemType.CONFLICT.uri(), null,
                        "is a statement an admin deleted; it can be restored, or purged to be imported anew"));
                failedLines++;
            }
        }
        return new Result(outcomes, failures, failedLines);
    }

    /** The statement of a record, with its speakers and event found or created. */
    private StatementImport.Item prepare(ImportRecord record, References references) {
        validation.valid(record, "");
        if (record.id() != null && !Ids.isValid(record.id())) {
            throw ApiException.invalid("id", "must be a UUID in lower case, such as"
                    + " 0196c3a1-a0b1-7c2d-8e3f-405162738495");
        }
        if (record.speakerId() == null && record.speaker() == null) {
            throw ApiException.invalid("speakerId", "must name a speaker, or describe it in speaker");
        }
        if (record.eventId() == null && record.event() == null) {
            throw ApiException.invalid("eventId", "must name an event, or describe it in event");
        }
        // The statement's own fields first, so that an invalid line creates no speaker or event.
        validation.valid(record.toRequest("-", record.onBehalfOfId() == null && record.onBehalfOf() == null
                ? null : "-", "-"), "");
        String speakerId = references.speaker("speaker", record.speakerId(), record.speaker());
        String onBehalfOfId = references.speaker("onBehalfOf", record.onBehalfOfId(), record.onBehalfOf());
        if (onBehalfOfId != null && references.speakerKind(onBehalfOfId) != SpeakerKind.ORGANIZATION) {
            throw ApiException.invalidReference("onBehalfOfId", "must be an ORGANIZATION speaker");
        }
        String eventId = references.event(record.eventId(), record.event());
        return new StatementImport.Item(record.id(), record.externalId(),
                record.toRequest(speakerId, onBehalfOfId, eventId));
    }

    private void account(Progress progress, Result result) {
        long created = result.outcomes().stream().filter(o -> o == StatementImport.Outcome.CREATED).count();
        long merged = result.outcomes().stream().filter(o -> o == StatementImport.Outcome.MERGED).count();
        long unchanged = result.outcomes().stream().filter(o -> o == StatementImport.Outcome.UNCHANGED).count();
        progress.count(0, created, merged, unchanged, result.failedLines());
        for (ImportReport.LineFailure failure : result.failures()) {
            if (progress.recorded + progress.unrecorded.size() < MAX_LISTED_FAILURES) {
                progress.unrecorded.add(failure);
            }
        }
    }

    /**
     * The database went away: the import ends, and the request is answered 503. What was committed before stays,
     * and importing the same body again stores the rest. The report says so if the database takes it.
     */
    private void abandon(Progress progress) {
        if (progress.report.atomic()) {
            progress.count(0, -progress.report.created(), -progress.report.merged(), -progress.report.unchanged(), 0);
        }
        progress.finish(ImportStatus.ABORTED, "The import stopped after line " + progress.report.lines()
                + ": the database could not be reached. " + (progress.report.atomic() ? "Nothing was stored."
                        : "What was stored before stays; import the same body again to store the rest."));
        try {
            record(progress);
        } catch (RuntimeException stillAway) {
            LOG.debugf("Import %s: its end could not be recorded", progress.report.id());
        }
    }

    private void record(Progress progress) {
        jobs.progress(progress.report, progress.unrecorded, progress.recorded);
        progress.recorded += progress.unrecorded.size();
        progress.unrecorded.clear();
    }

    /** A line's failure in the API's own words: one entry per invalid field. */
    private List<ImportReport.LineFailure> describe(long line, Exception e, UriInfo uri) {
        Problem problem;
        if (e instanceof ApiException api) {
            problem = (Problem) problems.apiException(api, uri).getEntity();
        } else if (e instanceof JsonProcessingException json) {
            problem = (Problem) problems.unreadable(json, uri).getEntity();
        } else {
            return List.of(storageFailure(line, e));
        }
        if (problem.violations() == null || problem.violations().isEmpty()) {
            return List.of(new ImportReport.LineFailure(line, problem.type(), null, problem.detail()));
        }
        return problem.violations().stream()
                .map(v -> new ImportReport.LineFailure(line, problem.type(), v.field(), v.message()))
                .toList();
    }

    private static ImportReport.LineFailure storageFailure(long line, Exception e) {
        boolean conflict = e instanceof org.hibernate.exception.ConstraintViolationException
                || e.getCause() instanceof org.hibernate.exception.ConstraintViolationException
                || e instanceof jakarta.persistence.OptimisticLockException;
        ProblemType type = conflict ? ProblemType.CONFLICT : ProblemType.INTERNAL_ERROR;
        return new ImportReport.LineFailure(line, type.uri(), null, conflict
                ? "conflicts with a record stored at the same time; import the line again"
                : "could not be stored");
    }

    private static String readableCause(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (cause instanceof java.nio.charset.CharacterCodingException) {
            return "it is not valid UTF-8";
        }
        if (cause instanceof JsonProcessingException json) {
            return "it is not valid CSV (" + json.getOriginalMessage() + ")";
        }
        return "the connection ended";
    }
}

package org.verbatim.statement;

import java.time.LocalDate;
import java.util.List;

/**
 * The structured criteria of a statement list. Values within one list are alternatives (any speaker of
 * {@code speakerIds}); different criteria must all hold. Full-text search adds its query beside these.
 */
public record StatementFilter(
        List<String> speakerIds,
        List<String> eventIds,
        List<StatementKind> kinds,
        List<String> topics,
        LocalDate from,
        LocalDate to,
        String language,
        String publisher) {

    public static StatementFilter none() {
        return new StatementFilter(List.of(), List.of(), List.of(), List.of(), null, null, null, null);
    }

    public StatementFilter withSpeaker(String speakerId) {
        return new StatementFilter(List.of(speakerId), eventIds, kinds, topics, from, to, language, publisher);
    }

    public StatementFilter withEvent(String eventId) {
        return new StatementFilter(speakerIds, List.of(eventId), kinds, topics, from, to, language, publisher);
    }
}

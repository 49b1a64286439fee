package org.verbatim.statement;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.verbatim.event.Event;
import org.verbatim.event.ExportedEvent;
import org.verbatim.speaker.Speaker;
import org.verbatim.speaker.SpeakerResponse;

/**
 * The speakers and events of one export, each read once: thousands of statements share them, and reading them
 * again for every chunk took about a third of an export's reading. Bounded, so that memory stays flat however many
 * there are. An export is no snapshot (each chunk is read in a transaction of its own), and neither are these.
 */
final class ExportReferences {

    private static final int MAX_KEPT = 100_000;

    private final Cache<String, SpeakerResponse> speakers = newCache();
    private final Cache<String, ExportedEvent> events = newCache();

    private static <T> Cache<String, T> newCache() {
        return Caffeine.newBuilder().maximumSize(MAX_KEPT).executor(Runnable::run).build();
    }

    /** Reading the id of a speaker or event not yet loaded does not load it. */
    SpeakerResponse speaker(Speaker speaker) {
        return speaker == null ? null : speakers.get(speaker.getId(), id -> SpeakerResponse.of(speaker));
    }

    ExportedEvent event(Event event) {
        return events.get(event.getId(), id -> ExportedEvent.of(event));
    }
}

package org.verbatim.statement;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.verbatim.event.ExportedEvent;
import org.verbatim.speaker.SpeakerResponse;

/**
 * The speakers and events of one export, each read once, those a chunk lacks in one query: thousands of statements
 * share them, and reading them again for every chunk took about a third of an export's reading. Bounded, so that
 * memory stays flat however many there are. An export is no snapshot (each chunk is read in a transaction of its
 * own), and neither are these.
 */
final class ExportReferences {

    private static final int MAX_KEPT = 100_000;

    private final Cache<String, SpeakerResponse> speakers = newCache();
    private final Cache<String, ExportedEvent> events = newCache();
    private final Function<Set<String>, Map<String, SpeakerResponse>> readSpeakers;
    private final Function<Set<String>, Map<String, ExportedEvent>> readEvents;

    /** With the readers of the speakers and events with given ids, called inside a chunk's transaction. */
    ExportReferences(Function<Set<String>, Map<String, SpeakerResponse>> readSpeakers,
            Function<Set<String>, Map<String, ExportedEvent>> readEvents) {
        this.readSpeakers = readSpeakers;
        this.readEvents = readEvents;
    }

    private static <T> Cache<String, T> newCache() {
        return Caffeine.newBuilder().maximumSize(MAX_KEPT).executor(Runnable::run).build();
    }

    Map<String, SpeakerResponse> speakers(Collection<String> ids) {
        return speakers.getAll(ids, missing -> readSpeakers.apply(Set.copyOf(missing)));
    }

    Map<String, ExportedEvent> events(Collection<String> ids) {
        return events.getAll(ids, missing -> readEvents.apply(Set.copyOf(missing)));
    }
}

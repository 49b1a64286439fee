package org.verbatim.common.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

public final class Clock {

    private Clock() {}

    /** Now, at the microsecond precision the databases store, so that what we answer is what we stored. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

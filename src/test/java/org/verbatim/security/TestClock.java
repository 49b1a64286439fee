package org.verbatim.security;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** The system clock, which a test can move forward instead of sleeping. */
@Mock
@Singleton
public class TestClock implements InstantSource {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }
}

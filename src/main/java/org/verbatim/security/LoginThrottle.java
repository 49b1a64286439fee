package org.verbatim.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Counts failed logins per client address and user name, and refuses further logins of that pair for a while once
 * too many failed within the window, before any password is checked: a brute-force burst costs no bcrypt time.
 * Only failures count and each pair has its own counter, so nobody else's login, failed or not, changes it, and a
 * user who mistypes a password now and then never notices.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Longer user names are cut: they can only collide with other attempts of the same client. */
    private static final int MAX_KEYED_NAME = 128;

    private record Failures(int count, Instant windowStart, Instant lockedUntil) {}

    private final SecurityConfig.LoginThrottle config;
    private final InstantSource clock;
    private final Cache<String, Failures> failures;

    @Inject
    LoginThrottle(SecurityConfig config, InstantSource clock) {
        this(config.loginThrottle(), clock);
    }

    LoginThrottle(SecurityConfig.LoginThrottle config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        Duration remembered = config.window().compareTo(config.lockout()) > 0 ? config.window() : config.lockout();
        this.failures = Caffeine.newBuilder()
                .maximumSize(config.maxTracked())
                .expireAfterWrite(remembered)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    /** The system clock; tests replace it to let time pass. */
    @Produces
    @DefaultBean
    @Singleton
    static InstantSource systemClock() {
        return InstantSource.system();
    }

    /** How long this client must wait before it may try this user name again; empty if it may try now. */
    public Optional<Duration> lockedFor(String client, String username) {
        if (config.maxFailures() <= 0) {
            return Optional.empty();
        }
        Failures entry = failures.getIfPresent(key(client, username));
        Instant now = clock.instant();
        if (entry == null || entry.lockedUntil() == null || !now.isBefore(entry.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, entry.lockedUntil()));
    }

    /** Counts a failed login; the one that reaches the limit starts the lock-out. */
    public void failed(String client, String username) {
        if (config.maxFailures() <= 0) {
            return;
        }
        Instant now = clock.instant();
        failures.asMap().compute(key(client, username), (key, entry) -> {
            // A new window starts when the last one is over, and so does one after a lock-out.
            boolean fresh = entry == null || !now.isBefore(entry.windowStart().plus(config.window()))
                    || entry.lockedUntil() != null && !now.isBefore(entry.lockedUntil());
            int count = fresh ? 1 : entry.count() + 1;
            Instant windowStart = fresh ? now : entry.windowStart();
            Instant lockedUntil = count >= config.maxFailures() ? now.plus(config.lockout()) : null;
            return new Failures(count, windowStart, lockedUntil);
        });
    }

    private static String key(String client, String username) {
        String name = username.length() > MAX_KEYED_NAME ? username.substring(0, MAX_KEYED_NAME) : username;
        return client + ' ' + name;
    }
}

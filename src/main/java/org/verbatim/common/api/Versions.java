package org.verbatim.common.api;

import jakarta.ws.rs.core.EntityTag;
import java.util.OptionalLong;
import org.verbatim.common.error.ApiException;

/** Entity tags carry a resource's version: {@code "3"}. */
public final class Versions {

    private Versions() {}

    public static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** Fails with 412 when the client asked for another version than the current one. */
    public static void require(OptionalLong expected, long current) {
        if (expected.isPresent() && expected.getAsLong() != current) {
            throw ApiException.staleVersion(expected.getAsLong(), current);
        }
    }

    /**
     * The version an {@code If-Match} header asks for; empty when there is no header or it is {@code *}.
     * A header that names no version we could have issued yields -1, which never matches.
     */
    public static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return OptionalLong.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            return OptionalLong.of(-1);
        }
    }
}

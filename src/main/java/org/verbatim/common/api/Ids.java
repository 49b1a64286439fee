package org.verbatim.common.api;

import java.util.UUID;
import org.hibernate.id.uuid.UuidVersion7Strategy;

/**
 * Identifiers of stored records: time-ordered UUIDs (version 7), so that new rows land at the end of the indexes.
 * Assigned by the application rather than on insert, so that an import can keep the ids of another instance.
 */
public final class Ids {

    private Ids() {}

    public static String newId() {
        return UuidVersion7Strategy.INSTANCE.generateUuid(null).toString();
    }

    /** Whether {@code value} is a UUID in its canonical lower-case text form, as every stored id is. */
    public static boolean isValid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

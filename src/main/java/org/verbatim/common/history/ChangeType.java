package org.verbatim.common.history;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a revision did to a record. */
@Schema(name = "ChangeType", description = "CREATED, UPDATED or DELETED; statements are deleted softly, so they"
        + " can also be RESTORED, and PURGED (removed for good).")
public enum ChangeType {
    CREATED,
    UPDATED,
    DELETED,
    RESTORED,
    PURGED
}

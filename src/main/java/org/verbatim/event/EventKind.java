package org.verbatim.event;

/** What kind of occasion a statement was made at. */
public enum EventKind {
    MEETING,
    SUMMIT,
    PHONE_CALL,
    PRESS_BRIEFING,
    INTERVIEW,
    VISIT,
    PRESS_RELEASE,
    SPEECH,
    OTHER
}

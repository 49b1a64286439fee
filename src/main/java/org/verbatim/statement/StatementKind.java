package org.verbatim.statement;

/** How closely a statement renders the speaker's words. */
public enum StatementKind {
    /** The speaker's own words, in full. */
    QUOTE,
    /** A fragment of the speaker's own words, woven into reporting. */
    PARTIAL_QUOTE,
    /** What the speaker said, in someone else's words. */
    PARAPHRASE,
    /** An official account of a call or meeting. */
    READOUT,
    /** A statement issued in writing. */
    PRESS_STATEMENT
}

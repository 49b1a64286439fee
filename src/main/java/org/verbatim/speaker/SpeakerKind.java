package org.verbatim.speaker;

/** Whether a speaker is a person or an organisation (a ministry, a party, a company). */
public enum SpeakerKind {
    PERSON,
    ORGANIZATION
}

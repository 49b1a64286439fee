package org.verbatim.speaker;

/** Fired inside the transaction that changed a speaker's name or kind, which statements display. */
public record SpeakerChanged(String speakerId) {}

package org.verbatim.event;

/** Fired inside the transaction that changed an event's name, kind or date, which statements display. */
public record EventChanged(String eventId) {}

package org.verbatim.statement;

/** Fired inside the transaction that created, changed or deleted a statement. */
public record StatementChanged(String statementId) {}

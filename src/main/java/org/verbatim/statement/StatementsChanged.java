package org.verbatim.statement;

import java.util.List;

/** Fired inside the transaction that created or changed many statements at once, such as a batch of an import. */
public record StatementsChanged(List<String> statementIds) {}

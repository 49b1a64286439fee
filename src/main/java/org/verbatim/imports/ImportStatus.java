package org.verbatim.imports;

public enum ImportStatus { RUNNING, COMPLETED, ROLLED_BACK, ABORTED }

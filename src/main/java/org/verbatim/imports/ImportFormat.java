package org.verbatim.imports;

/** The bodies an import reads. */
enum ImportFormat {
    NDJSON("application/x-ndjson", "ndjson"),
    CSV("text/csv", "csv");

    final String mediaType;
    final String parameter;

    ImportFormat(String mediaType, String parameter) {
        this.mediaType = mediaType;
        this.parameter = parameter;
    }
}

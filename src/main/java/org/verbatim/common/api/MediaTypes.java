package org.verbatim.common.api;

public final class MediaTypes {

    /** RFC 7396 JSON Merge Patch. */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private MediaTypes() {}
}

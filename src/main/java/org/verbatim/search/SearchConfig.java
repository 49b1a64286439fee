package org.verbatim.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "verbatim.search")
public interface SearchConfig {

    /**
     * {@code lucene}: an index embedded in this instance. {@code elasticsearch}: a remote Elasticsearch or OpenSearch
     * cluster, which several instances sharing one database can share too.
     */
    @WithDefault("lucene")
    Backend backend();

    /** Where the Lucene index lives. */
    String indexDir();

    /** {@code local-filesystem} keeps the index on disk; {@code local-heap} keeps it in memory (tests). */
    @WithDefault("local-filesystem")
    String directory();

    /** URLs of the remote cluster's nodes, such as {@code http://127.0.0.1:9200}. */
    Optional<List<String>> hosts();

    Optional<String> username();

    Optional<String> password();

    /**
     * The remote cluster's distribution and version, such as {@code opensearch:2.19}; when absent it is asked at
     * start. With a version given, the check against the cluster's can be turned off for services that hide it.
     */
    Optional<String> version();

    @WithDefault("true")
    boolean versionCheck();

    /**
     * What is done at start to the index's schema (only a remote index has one to check): {@code create-or-validate}
     * creates a missing index and refuses to start on one whose mapping differs; {@code create-or-update} also
     * updates the mapping in place.
     */
    @WithDefault("create-or-validate")
    String schemaManagement();

    /** How often pending changes are looked for, as a safety net behind the indexing done after each commit. */
    @WithDefault("2000")
    long pollMillis();

    /**
     * When the index has to be rebuilt at start (it was missing, unusable, empty or out of step): {@code background}
     * starts the service at once and rebuilds meanwhile, {@code blocking} finishes the rebuild before the start does
     * (tests, whose in-memory index starts empty every time).
     */
    @WithDefault("background")
    RebuildAtStart rebuildAtStart();

    /**
     * For fault drills: while this file exists, a running rebuild waits after each batch, so that the time in
     * which it runs can be watched. Unset: never.
     */
    Optional<Path> rebuildHoldFile();

    enum Backend {
        LUCENE, ELASTICSEARCH
    }

    enum RebuildAtStart {
        BACKGROUND, BLOCKING
    }
}

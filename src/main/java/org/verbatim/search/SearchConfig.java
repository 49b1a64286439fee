package org.verbatim.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "verbatim.search")
public interface SearchConfig {

    /** Where the Lucene index lives. */
    String indexDir();

    /** {@code local-filesystem} keeps the index on disk; {@code local-heap} keeps it in memory (tests). */
    @WithDefault("local-filesystem")
    String directory();

    /** How often pending changes are looked for, as a safety net behind the indexing done after each commit. */
    @WithDefault("2000")
    long pollMillis();
}

package org.verbatim.search;

import org.hibernate.search.mapper.pojo.standalone.mapping.StandalonePojoMappingConfigurationContext;
import org.hibernate.search.mapper.pojo.standalone.mapping.StandalonePojoMappingConfigurer;

/** Names the indexed types, so that the mapper needs no class-path scanning at start. */
public class SearchMappingConfigurer implements StandalonePojoMappingConfigurer {

    @Override
    public void configure(StandalonePojoMappingConfigurationContext context) {
        context.annotationMapping().add(StatementDocument.class);
    }
}

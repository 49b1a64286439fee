-- Publisher filters are case-insensitive: index the expression they compare.
create index ix_statement_source_publisher on statement_source (lower(publisher));

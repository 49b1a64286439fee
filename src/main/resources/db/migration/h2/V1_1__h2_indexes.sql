-- H2 has no expression indexes: publisher filters compare lower(publisher) on the plain column.
create index ix_statement_source_publisher on statement_source (publisher);

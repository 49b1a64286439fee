-- Duplicate detection, source counts, idempotent imports.

-- The same words by the same speaker on the same day are one statement: text_key is a digest of the text with case,
-- whitespace, quote marks and punctuation normalised away. Rows stored before this column existed get it at start.
alter table statement add column text_key varchar(64);
-- Led by text_key, so that an import can look up a batch of texts at once.
create unique index uk_statement_same_words on statement (text_key, speaker_id, stated_on);

-- How many outlets reported a statement, and the earliest of their publication dates; kept with the statement so
-- that lists can be ordered by them.
alter table statement add column source_count integer default 0 not null;
alter table statement add column first_published_on date;
update statement set source_count = (select count(*) from statement_source s where s.statement_id = statement.id);
update statement set first_published_on =
    (select min(s.published_on) from statement_source s where s.statement_id = statement.id);
create index ix_statement_source_count on statement (source_count, id);
create index ix_statement_first_published_on on statement (first_published_on, id);

-- The identifiers that imported records carried in the system they came from: importing a record again finds the
-- statement it became (or was merged into).
create table statement_external_id (
    external_id   varchar(200) not null primary key,
    statement_id  varchar(36)  not null references statement (id) on delete cascade
);
create index ix_statement_external_id_statement on statement_external_id (statement_id);

-- Imports and their progress: counts are updated after every committed batch.
create table import_job (
    id           varchar(36)  not null primary key,
    format       varchar(10)  not null,
    atomic       boolean      not null,
    status       varchar(20)  not null,
    started_by   varchar(100) not null,
    started_at   timestamp(6) with time zone not null,
    finished_at  timestamp(6) with time zone,
    lines_read   bigint       not null,
    created      bigint       not null,
    merged       bigint       not null,
    unchanged    bigint       not null,
    failed       bigint       not null,
    message      varchar(2000)
);
create index ix_import_job_started_at on import_job (started_at, id);

-- The lines an import could not store, with the field and the reason; the first few thousand of each import.
create table import_failure (
    import_id  varchar(36)   not null references import_job (id) on delete cascade,
    seq        integer       not null,
    line       bigint        not null,
    type       varchar(100)  not null,
    field      varchar(500),
    message    varchar(2000) not null,
    primary key (import_id, seq)
);

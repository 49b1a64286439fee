-- Core schema: speakers, events, statements. Portable SQL shared by H2 and PostgreSQL.

create table speaker (
    id           varchar(36)  not null primary key,
    name         varchar(300) not null,
    kind         varchar(20)  not null,
    title        varchar(300),
    affiliation  varchar(300),
    country      varchar(2),
    wikidata_id  varchar(20),
    -- name and aliases folded to lower case without accents, for case- and accent-insensitive search
    search_text  varchar(20000) not null,
    version      bigint       not null,
    created_at   timestamp(6) with time zone not null,
    updated_at   timestamp(6) with time zone not null,
    constraint uk_speaker_wikidata_id unique (wikidata_id)
);
create index ix_speaker_name on speaker (name, id);

create table speaker_alias (
    speaker_id  varchar(36)  not null references speaker (id) on delete cascade,
    list_index  integer      not null,
    alias       varchar(300) not null,
    primary key (speaker_id, list_index)
);

create table event (
    id           varchar(36)  not null primary key,
    name         varchar(500) not null,
    kind         varchar(20)  not null,
    start_date   date         not null,
    end_date     date,
    city         varchar(200),
    country      varchar(2),
    description  varchar(10000),
    search_text  varchar(1000) not null,
    version      bigint       not null,
    created_at   timestamp(6) with time zone not null,
    updated_at   timestamp(6) with time zone not null,
    constraint ck_event_dates check (end_date is null or end_date >= start_date)
);
create index ix_event_start_date on event (start_date, id);

create table event_participant (
    event_id    varchar(36) not null references event (id) on delete cascade,
    list_index  integer     not null,
    speaker_id  varchar(36) not null references speaker (id),
    primary key (event_id, list_index)
);
create index ix_event_participant_speaker on event_participant (speaker_id);

create table statement (
    id               varchar(36)   not null primary key,
    text             varchar(50000) not null,
    kind             varchar(20)   not null,
    speaker_id       varchar(36)   not null references speaker (id),
    speaker_role     varchar(300),
    on_behalf_of_id  varchar(36)   references speaker (id),
    stated_on        date          not null,
    event_id         varchar(36)   not null references event (id),
    context          varchar(2000),
    language         varchar(35)   not null,
    version          bigint        not null,
    created_at       timestamp(6) with time zone not null,
    updated_at       timestamp(6) with time zone not null
);
create index ix_statement_stated_on on statement (stated_on, id);
create index ix_statement_speaker on statement (speaker_id, stated_on);
create index ix_statement_event on statement (event_id, stated_on);
create index ix_statement_on_behalf_of on statement (on_behalf_of_id);

create table statement_topic (
    statement_id  varchar(36) not null references statement (id) on delete cascade,
    list_index    integer     not null,
    topic         varchar(64) not null,
    primary key (statement_id, list_index)
);
create index ix_statement_topic_topic on statement_topic (topic);

create table statement_source (
    statement_id  varchar(36)   not null references statement (id) on delete cascade,
    list_index    integer       not null,
    publisher     varchar(300)  not null,
    url           varchar(2000),
    author        varchar(300),
    published_on  date,
    primary key (statement_id, list_index)
);

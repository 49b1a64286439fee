-- Loads the CSV files written by generate.py into a Verbatim H2 database whose schema the service has created.
-- ${DIR} is replaced by load-h2.sh.
INSERT INTO speaker (id, name, kind, title, affiliation, country, wikidata_id, search_text, version, created_at, updated_at)
  SELECT ID, NAME, KIND, TITLE, AFFILIATION, COUNTRY, NULLIF(WIKIDATA_ID, ''), SEARCH_TEXT, VERSION, CREATED_AT, UPDATED_AT
  FROM CSVREAD('${DIR}/speaker.csv', NULL, 'charset=UTF-8');
INSERT INTO event (id, name, kind, start_date, end_date, city, country, description, search_text, version, created_at, updated_at)
  SELECT ID, NAME, KIND, START_DATE, NULLIF(END_DATE, ''), CITY, COUNTRY, NULLIF(DESCRIPTION, ''), SEARCH_TEXT, VERSION, CREATED_AT, UPDATED_AT
  FROM CSVREAD('${DIR}/event.csv', NULL, 'charset=UTF-8');
INSERT INTO statement (id, text, kind, speaker_id, speaker_role, on_behalf_of_id, stated_on, event_id, context, language, version, created_at, updated_at)
  SELECT ID, TEXT, KIND, SPEAKER_ID, SPEAKER_ROLE, NULLIF(ON_BEHALF_OF_ID, ''), STATED_ON, EVENT_ID, NULLIF(CONTEXT, ''), LANGUAGE, VERSION, CREATED_AT, UPDATED_AT
  FROM CSVREAD('${DIR}/statement.csv', NULL, 'charset=UTF-8');
INSERT INTO statement_topic (statement_id, list_index, topic)
  SELECT STATEMENT_ID, LIST_INDEX, TOPIC FROM CSVREAD('${DIR}/statement_topic.csv', NULL, 'charset=UTF-8');
INSERT INTO statement_source (statement_id, list_index, publisher, url, author, published_on)
  SELECT STATEMENT_ID, LIST_INDEX, PUBLISHER, URL, NULLIF(AUTHOR, ''), PUBLISHED_ON
  FROM CSVREAD('${DIR}/statement_source.csv', NULL, 'charset=UTF-8');

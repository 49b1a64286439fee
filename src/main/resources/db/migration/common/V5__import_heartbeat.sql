-- When the process running an import last showed it was alive: an import that claims to be RUNNING with an old
-- heartbeat was left behind by a process that died (killed, crashed, switched off), and is marked ABORTED.
alter table import_job add column heartbeat_at timestamp(6) with time zone;

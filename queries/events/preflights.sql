-- preflights: the runtime's startup checks.
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, run_id, mode, status, guard_config_hash
FROM accepted_events WHERE event_type = 'preflight';

-- guards: one guard's decision about one trading intent.
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, run_id, intent_id, guard, precedence, decision
FROM accepted_events WHERE event_type = 'guard';

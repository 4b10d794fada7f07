-- cycles: finished run cycles, with the scheduled time that places them in a slot.
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, run_id, mode, cycle_id, scheduled_at, status, error_class, duration_ms
FROM accepted_events WHERE event_type = 'cycle';

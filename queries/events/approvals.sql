-- approvals: an operator's answer to `require_approval`.
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, run_id, intent_id, decision, operator
FROM accepted_events WHERE event_type = 'approval';

-- interventions: operators' decisions, with reason codes.
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, action, reason_code, operator, incident_id, note
FROM accepted_events WHERE event_type = 'intervention';

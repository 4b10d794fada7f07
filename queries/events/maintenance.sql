-- maintenance: planned-maintenance windows declared ahead (contract 1.1 section 8), as
-- declared at `ts`. `start_at`/`end_at` are NULL when absent or not RFC 3339 (their raw text is
-- kept for the report); the daily corrections say why such a window excludes nothing.
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, maintenance_id, start_text, rfc3339_kst(start_text) AS start_at,
       end_text, rfc3339_kst(end_text) AS end_at, reason_code, operator, note
FROM accepted_events WHERE event_type = 'maintenance';

-- alerts: alert state changes (an instance is one alert_id).
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, alert_id, fingerprint, state, severity, alert_class, summary, resolution
FROM accepted_events WHERE event_type = 'alert';

-- incidents: incident lifecycle events as declared in the log; alert_ids keeps the strings of
-- its array (empty when it is absent or not an array).
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, incident_id, state, severity, failure_class, summary,
       coalesce(alert_ids, []) AS alert_ids, impacted_scope
FROM accepted_events WHERE event_type = 'incident';

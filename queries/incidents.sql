-- incidents: incident lifecycle events as declared in the log.
CREATE OR REPLACE VIEW incidents AS
SELECT ord, ts, day,
       j->>'$.incident_id' AS incident_id,
       j->>'$.state' AS state,
       j->>'$.severity' AS severity,
       j->>'$.failure_class' AS failure_class,
       j->>'$.summary' AS summary,
       CASE WHEN json_type(j, '$.alert_ids') = 'ARRAY'
            THEN json_extract_string(j, '$.alert_ids[*]') ELSE [] END AS alert_ids,
       j->>'$.impacted_scope' AS impacted_scope
FROM accepted_events WHERE event_type = 'incident';

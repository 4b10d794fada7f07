-- incidents: incident lifecycle events as declared in the log.
-- One parse per event for the strings (json_extract_string with a list of paths).
CREATE OR REPLACE VIEW incidents AS
SELECT ord, ts, day,
       f[1] AS incident_id,
       f[2] AS state,
       f[3] AS severity,
       f[4] AS failure_class,
       f[5] AS summary,
       CASE WHEN json_type(j, '$.alert_ids') = 'ARRAY'
            THEN json_extract_string(j, '$.alert_ids[*]') ELSE [] END AS alert_ids,
       f[6] AS impacted_scope
FROM (SELECT *, json_extract_string(j, ['$.incident_id', '$.state', '$.severity', '$.failure_class',
                                        '$.summary', '$.impacted_scope']) AS f
      FROM accepted_events WHERE event_type = 'incident');

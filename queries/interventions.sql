-- interventions: operators' decisions, with reason codes.
-- One parse per event: json_extract_string with a list of paths.
CREATE OR REPLACE VIEW interventions AS
SELECT ord, ts, day,
       f[1] AS action,
       f[2] AS reason_code,
       f[3] AS operator,
       f[4] AS incident_id,
       f[5] AS note
FROM (SELECT *, json_extract_string(j, ['$.action', '$.reason_code', '$.operator', '$.incident_id', '$.note']) AS f
      FROM accepted_events WHERE event_type = 'intervention');

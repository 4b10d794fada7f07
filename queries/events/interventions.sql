-- interventions: operators' decisions, with reason codes.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day,
       json_str(t[1], f[1]) AS action,
       json_str(t[2], f[2]) AS reason_code,
       json_str(t[3], f[3]) AS operator,
       json_str(t[4], f[4]) AS incident_id,
       json_str(t[5], f[5]) AS note
FROM (SELECT *, json_extract_string(j, ['$.action', '$.reason_code', '$.operator', '$.incident_id', '$.note']) AS f,
                json_type(j, ['$.action', '$.reason_code', '$.operator', '$.incident_id', '$.note']) AS t
      FROM accepted_events WHERE event_type = 'intervention');

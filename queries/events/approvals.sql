-- approvals: an operator's answer to `require_approval`.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day, run_id,
       json_str(t[1], f[1]) AS intent_id,
       json_str(t[2], f[2]) AS decision,
       json_str(t[3], f[3]) AS operator
FROM (SELECT *, json_extract_string(j, ['$.intent_id', '$.decision', '$.operator']) AS f,
                json_type(j, ['$.intent_id', '$.decision', '$.operator']) AS t
      FROM accepted_events WHERE event_type = 'approval');

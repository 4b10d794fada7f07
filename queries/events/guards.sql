-- guards: one guard's decision about one trading intent.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day, run_id,
       json_str(t[1], f[1]) AS intent_id,
       json_str(t[2], f[2]) AS guard,
       json_int(t[3], f[3]) AS precedence,
       json_str(t[4], f[4]) AS decision
FROM (SELECT *, json_extract_string(j, ['$.intent_id', '$.guard', '$.precedence', '$.decision']) AS f,
                json_type(j, ['$.intent_id', '$.guard', '$.precedence', '$.decision']) AS t
      FROM accepted_events WHERE event_type = 'guard');

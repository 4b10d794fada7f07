-- cycles: finished run cycles, with the scheduled time that places them in a slot.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day, run_id, mode,
       json_str(t[1], f[1]) AS cycle_id,
       rfc3339_kst(json_str(t[2], f[2])) AS scheduled_at,
       json_str(t[3], f[3]) AS status,
       json_str(t[4], f[4]) AS error_class,
       json_num(t[5], f[5]) AS duration_ms
FROM (SELECT *, json_extract_string(j, ['$.cycle_id', '$.scheduled_at', '$.status', '$.error_class', '$.duration_ms']) AS f,
                json_type(j, ['$.cycle_id', '$.scheduled_at', '$.status', '$.error_class', '$.duration_ms']) AS t
      FROM accepted_events WHERE event_type = 'cycle');

-- orders: events at the execution boundary.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day, run_id, mode,
       json_str(t[1], f[1]) AS order_id,
       json_str(t[2], f[2]) AS intent_id,
       json_str(t[3], f[3]) AS broker_env,
       json_str(t[4], f[4]) AS status,
       json_num(t[5], f[5]) AS latency_ms
FROM (SELECT *, json_extract_string(j, ['$.order_id', '$.intent_id', '$.broker_env', '$.status', '$.latency_ms']) AS f,
                json_type(j, ['$.order_id', '$.intent_id', '$.broker_env', '$.status', '$.latency_ms']) AS t
      FROM accepted_events WHERE event_type = 'order');

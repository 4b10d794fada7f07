-- orders: events at the execution boundary.
-- One parse per event: json_extract_string with a list of paths.
CREATE OR REPLACE VIEW orders AS
SELECT ord, ts, day, run_id, mode,
       f[1] AS order_id,
       f[2] AS intent_id,
       f[3] AS broker_env,
       f[4] AS status,
       TRY_CAST(f[5] AS DOUBLE) AS latency_ms
FROM (SELECT *, json_extract_string(j, ['$.order_id', '$.intent_id', '$.broker_env', '$.status', '$.latency_ms']) AS f
      FROM accepted_events WHERE event_type = 'order');

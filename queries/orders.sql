-- orders: events at the execution boundary.
CREATE OR REPLACE VIEW orders AS
SELECT ord, ts, day, run_id, mode,
       j->>'$.order_id' AS order_id,
       j->>'$.intent_id' AS intent_id,
       j->>'$.broker_env' AS broker_env,
       j->>'$.status' AS status,
       TRY_CAST(j->>'$.latency_ms' AS DOUBLE) AS latency_ms
FROM accepted_events WHERE event_type = 'order';

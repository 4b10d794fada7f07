-- orders: events at the execution boundary.
-- The fields are the store's typed columns (parsed once: queries/ingest/parsed_lines.sql; a
-- field of the wrong JSON type is NULL, treated as absent).
SELECT ord, ts, day, run_id, mode, order_id, intent_id, broker_env, status, latency_ms
FROM accepted_events WHERE event_type = 'order';

-- preflights: the runtime's startup checks.
CREATE OR REPLACE VIEW preflights AS
SELECT ord, ts, day, run_id, mode,
       j->>'$.status' AS status,
       j->>'$.guard_config_hash' AS guard_config_hash
FROM accepted_events WHERE event_type = 'preflight';

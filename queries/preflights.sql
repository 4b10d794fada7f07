-- preflights: the runtime's startup checks.
-- One parse per event: json_extract_string with a list of paths.
CREATE OR REPLACE VIEW preflights AS
SELECT ord, ts, day, run_id, mode,
       f[1] AS status,
       f[2] AS guard_config_hash
FROM (SELECT *, json_extract_string(j, ['$.status', '$.guard_config_hash']) AS f
      FROM accepted_events WHERE event_type = 'preflight');

-- preflights: the runtime's startup checks.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day, run_id, mode,
       json_str(t[1], f[1]) AS status,
       json_str(t[2], f[2]) AS guard_config_hash
FROM (SELECT *, json_extract_string(j, ['$.status', '$.guard_config_hash']) AS f,
                json_type(j, ['$.status', '$.guard_config_hash']) AS t
      FROM accepted_events WHERE event_type = 'preflight');

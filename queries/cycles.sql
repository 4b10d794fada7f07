-- cycles: finished run cycles, with the scheduled time that places them in a slot.
-- One parse per event: json_extract_string with a list of paths.
CREATE OR REPLACE VIEW cycles AS
SELECT ord, ts, day, run_id, mode,
       f[1] AS cycle_id,
       rfc3339_kst(f[2]) AS scheduled_at,
       f[3] AS status,
       f[4] AS error_class,
       TRY_CAST(f[5] AS DOUBLE) AS duration_ms
FROM (SELECT *, json_extract_string(j, ['$.cycle_id', '$.scheduled_at', '$.status', '$.error_class', '$.duration_ms']) AS f
      FROM accepted_events WHERE event_type = 'cycle');

-- cycles: finished run cycles, with the scheduled time that places them in a slot.
CREATE OR REPLACE VIEW cycles AS
SELECT ord, ts, day, run_id, mode,
       j->>'$.cycle_id' AS cycle_id,
       rfc3339_kst(j->>'$.scheduled_at') AS scheduled_at,
       j->>'$.status' AS status,
       j->>'$.error_class' AS error_class,
       TRY_CAST(j->>'$.duration_ms' AS DOUBLE) AS duration_ms
FROM accepted_events WHERE event_type = 'cycle';

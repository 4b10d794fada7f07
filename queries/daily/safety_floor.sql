-- safety_floor: the three counters that must be 0.
WITH counts AS (
  SELECT (SELECT count(*) FROM duplicate_execution) AS duplicate_execution,
         (SELECT count(DISTINCT intent_id) FROM guard_precedence_violation) AS guard_precedence_violation,
         (SELECT count(DISTINCT order_id) FROM mode_leakage) AS mode_leakage
)
SELECT *, duplicate_execution = 0 AND guard_precedence_violation = 0 AND mode_leakage = 0 AS met
FROM counts;

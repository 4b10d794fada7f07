-- conditions: each breach of D with its failure class, required severity and first-seen time,
-- tracked by the earliest-opened declared incident of the same class open on D, or else by
-- the automatic incident AUTO-<D>-<failure_class>.
WITH breaches AS (
  SELECT 'duplicate_execution' AS failure_class, min(submitted_at) AS first_seen
  FROM duplicate_execution HAVING count(*) > 0
  UNION ALL
  SELECT 'guard_precedence_violation', min(submitted_at)
  FROM guard_precedence_violation HAVING count(*) > 0
  UNION ALL
  SELECT 'mode_leakage', min(ts) FROM mode_leakage HAVING count(*) > 0
  UNION ALL
  -- the start of the slot that took consumption past the budget
  SELECT 'availability', (SELECT min(b.slot_start) FROM bad_slots AS b, error_budget AS e
                          WHERE b.consumed_running > e.budget_cycles)
  FROM availability WHERE NOT met
  UNION ALL
  SELECT 'latency', (SELECT min(ts) FROM latency_samples WHERE over_limit)
  FROM latency WHERE NOT met
),
tracked AS (
  SELECT b.*, cc.severity,
         (SELECT arg_min(o.incident_id, (o.opened_at, o.incident_id))
          FROM open_declared_incidents AS o WHERE o.failure_class = b.failure_class) AS declared_id
  FROM breaches AS b JOIN condition_classes AS cc USING (failure_class)
)
SELECT t.failure_class, t.severity, t.first_seen,
       coalesce(t.declared_id, 'AUTO-' || strftime(p.day, '%Y-%m-%d') || '-' || t.failure_class) AS tracked_by,
       t.declared_id IS NULL AS is_auto
FROM tracked AS t, params AS p
ORDER BY t.first_seen, t.failure_class;

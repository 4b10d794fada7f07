-- slots: D's scheduled run-cycle slots (session_slots of D), with the cycles placed in each, the
-- slot's outcome and whether planned maintenance excludes it (an excluded slot keeps its
-- outcome for the charts but counts in neither availability nor the budget).
-- An intraday run counts only slots already due (start + interval <= as-of): the cycle in
-- progress is not missed yet.
WITH placed AS (
  SELECT c.*,
         (epoch_us(c.scheduled_at) - epoch_us(p.session_open)) // (p.cycle_interval_s * 1000000) AS slot
  FROM cycles AS c, params AS p
  WHERE c.scheduled_at >= p.session_open AND c.scheduled_at < p.session_close
),
per_slot AS (
  SELECT slot,
         count(*) AS cycles,
         bool_or(status = 'ok') AS any_ok,
         -- the failure class of a failed slot is its last cycle's
         arg_max(CASE WHEN error_class IS NOT NULL THEN error_class
                      WHEN status = 'skipped' THEN 'skipped'
                      ELSE 'unknown_error' END, ord) AS last_class
  FROM placed GROUP BY slot
)
SELECT g.slot, g.slot_start,
       coalesce(s.cycles, 0) AS cycles,
       CASE WHEN s.any_ok THEN 'ok' WHEN s.slot IS NULL THEN 'missed' ELSE 'failed' END AS status,
       CASE WHEN s.any_ok THEN NULL WHEN s.slot IS NULL THEN 'missed' ELSE s.last_class END AS failure_class,
       g.excluded
FROM session_slots AS g JOIN params AS p ON g.day = p.day LEFT JOIN per_slot AS s USING (slot)
WHERE p.as_of IS NULL
   OR p.session_open + to_microseconds((g.slot + 1) * p.cycle_interval_s * 1000000) <= p.as_of
ORDER BY g.slot;

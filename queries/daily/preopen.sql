-- preopen: the latest preflight at or before D's session open, and whether its guard config
-- matches the signoff's (null on a day without a session, or with no preflight to compare).
WITH latest AS (
  SELECT pf.*
  FROM preflights AS pf, params AS p
  WHERE p.session_open IS NOT NULL AND pf.ts <= p.session_open
  ORDER BY pf.ord DESC LIMIT 1
)
SELECT CASE WHEN p.session_open IS NULL THEN NULL ELSE coalesce(l.status, 'missing') END AS preflight,
       l.ts AS preflight_at, l.run_id AS preflight_run_id, l.mode AS preflight_mode,
       l.guard_config_hash,
       CASE WHEN l.ord IS NOT NULL
            THEN coalesce(l.guard_config_hash = p.signoff_guard_config_hash, false) END AS guard_config_aligned
FROM params AS p LEFT JOIN latest AS l ON true;

-- day_incidents: every declared incident open on D and every automatic incident of D, with
-- effective severity (the higher of declared and the conditions it tracks), owner and
-- escalation from the roster rotation in force when it opened, and required/missing actions.
WITH candidates AS (
  SELECT incident_id, 'declared' AS source, declared_severity, failure_class,
         opened_at, resolved_at, summary, impacted_scope, alert_ids
  FROM open_declared_incidents
  UNION ALL
  SELECT tracked_by, 'auto', NULL, failure_class, first_seen, NULL, NULL, NULL, []
  FROM conditions WHERE is_auto
),
tracked AS (
  SELECT c.tracked_by AS incident_id, min(r.rank) AS rank,
         list(c.failure_class ORDER BY c.failure_class) AS tracks
  FROM conditions AS c JOIN severity_rank AS r USING (severity)
  GROUP BY c.tracked_by
),
effective AS (
  SELECT c.*, coalesce(t.tracks, []) AS tracks,
         (SELECT r.severity FROM severity_rank AS r
           WHERE r.rank = least(coalesce(dr.rank, 1000), coalesce(t.rank, 1000))) AS severity
  FROM candidates AS c
  LEFT JOIN severity_rank AS dr ON dr.severity = c.declared_severity
  LEFT JOIN tracked AS t USING (incident_id)
),
owned AS (
  SELECT e.*, r.primary_name AS owner, r.secondary_name AS secondary
  FROM effective AS e
  ASOF LEFT JOIN roster AS r ON e.opened_at >= r.start
),
deadlines AS (
  -- "before the session closes": the first session close at or after the incident opened
  SELECT o.incident_id, min(s.close) AS session_close_deadline
  FROM owned AS o LEFT JOIN sessions AS s ON s.close >= o.opened_at
  GROUP BY o.incident_id
),
actions AS (
  SELECT o.incident_id, ra.action, ra.ordinal,
         EXISTS (SELECT 1 FROM interventions AS i
                  WHERE i.incident_id = o.incident_id AND i.action = ra.action
                    AND (NOT ra.before_session_close OR i.ts <= d.session_close_deadline)) AS done
  FROM owned AS o
  JOIN deadlines AS d USING (incident_id)
  JOIN required_actions AS ra ON ra.severity = o.severity
)
SELECT o.incident_id, o.source, o.declared_severity, o.severity, o.failure_class,
       o.opened_at, o.resolved_at, o.owner,
       -- a declared incident that never stated a severity still escalates to its owner
       coalesce((SELECT list(CASE WHEN e.role = 'primary' THEN o.owner ELSE o.secondary END
                             ORDER BY e.ordinal)
                 FROM escalation AS e WHERE e.severity = o.severity),
                CASE WHEN o.owner IS NOT NULL THEN [o.owner] ELSE [] END) AS escalation,
       coalesce((SELECT list(a.action ORDER BY a.ordinal) FROM actions AS a
                 WHERE a.incident_id = o.incident_id), []) AS required_actions,
       coalesce((SELECT list(a.action ORDER BY a.ordinal) FROM actions AS a
                 WHERE a.incident_id = o.incident_id AND NOT a.done), []) AS missing_actions,
       o.tracks, o.summary, o.impacted_scope, o.alert_ids, d.session_close_deadline
FROM owned AS o JOIN deadlines AS d USING (incident_id)
ORDER BY o.opened_at, o.incident_id;

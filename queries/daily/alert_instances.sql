-- alert_instances: one per alert_id, open from its first `firing` until its first `resolved`
-- after that (a firing after that opens nothing). Critical from its first firing with severity
-- `critical` while open (critical_at; NULL when it never was); linked when a declared incident
-- lists it.
WITH firsts AS (
  SELECT alert_id, min(ord) AS fired_ord
  FROM alerts WHERE state = 'firing' AND alert_id IS NOT NULL
  GROUP BY alert_id
),
resolved AS (
  SELECT f.alert_id, min(a.ord) AS resolved_ord
  FROM firsts AS f JOIN alerts AS a
    ON a.alert_id = f.alert_id AND a.state = 'resolved' AND a.ord > f.fired_ord
  GROUP BY f.alert_id
),
critical AS (
  SELECT f.alert_id, min(a.ts) AS critical_at
  FROM firsts AS f
  LEFT JOIN resolved AS r USING (alert_id)
  JOIN alerts AS a
    ON a.alert_id = f.alert_id AND a.state = 'firing' AND a.severity = 'critical'
   AND (r.resolved_ord IS NULL OR a.ord < r.resolved_ord)
  GROUP BY f.alert_id
),
linked AS (
  SELECT DISTINCT unnest(alert_ids) AS alert_id FROM declared_incidents
)
SELECT f.alert_id, fa.fingerprint, fa.severity, fa.alert_class, fa.summary,
       f.fired_ord, fa.ts AS fired_at, c.critical_at IS NOT NULL AS is_critical, c.critical_at,
       r.resolved_ord, ra.ts AS resolved_at, ra.resolution,
       l.alert_id IS NOT NULL AS is_linked
FROM firsts AS f
JOIN alerts AS fa ON fa.ord = f.fired_ord
LEFT JOIN resolved AS r ON r.alert_id = f.alert_id
LEFT JOIN alerts AS ra ON ra.ord = r.resolved_ord
LEFT JOIN critical AS c ON c.alert_id = f.alert_id
LEFT JOIN linked AS l ON l.alert_id = f.alert_id;

-- alert_instances: one per alert_id, open from its first `firing` until its first `resolved`
-- after that. Critical when any of its firings says so; linked when an incident lists it.
CREATE OR REPLACE TABLE alert_instances AS
WITH firsts AS (
  SELECT alert_id, min(ord) AS fired_ord,
         bool_or(severity = 'critical') AS is_critical
  FROM alerts WHERE state = 'firing' AND alert_id IS NOT NULL
  GROUP BY alert_id
),
resolved AS (
  SELECT f.alert_id, min(a.ord) AS resolved_ord
  FROM firsts AS f JOIN alerts AS a
    ON a.alert_id = f.alert_id AND a.state = 'resolved' AND a.ord > f.fired_ord
  GROUP BY f.alert_id
),
linked AS (
  SELECT DISTINCT unnest(alert_ids) AS alert_id FROM incidents
)
SELECT f.alert_id, fa.fingerprint, fa.severity, fa.alert_class, fa.summary,
       f.fired_ord, fa.ts AS fired_at, f.is_critical,
       r.resolved_ord, ra.ts AS resolved_at, ra.resolution,
       l.alert_id IS NOT NULL AS is_linked
FROM firsts AS f
JOIN alerts AS fa ON fa.ord = f.fired_ord
LEFT JOIN resolved AS r ON r.alert_id = f.alert_id
LEFT JOIN alerts AS ra ON ra.ord = r.resolved_ord
LEFT JOIN linked AS l ON l.alert_id = f.alert_id;

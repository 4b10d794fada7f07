-- incident_response: for each of D's incidents, its first signal (the earliest of its linked
-- alerts' first firing, the first-seen time of a condition it tracks on D, and its own
-- opening), when it was acknowledged (first intervention naming it), mitigated (first
-- `mitigated` state or `mitigation` intervention), and the three durations of the weekly
-- review: detection = first signal -> opened, acknowledge = opened -> acknowledged,
-- resolve = opened -> resolved (seconds; an intervention logged before the opening counts as 0).
WITH signals AS (
  SELECT d.incident_id, a.fired_at AS signal_at, 1 AS priority,
         'alert ' || a.alert_id || coalesce(' (' || a.fingerprint || ')', '') AS source
  FROM day_incidents AS d, unnest(d.alert_ids) AS u(alert_id)
  JOIN alert_instances AS a ON a.alert_id = u.alert_id
  UNION ALL
  SELECT tracked_by, first_seen, 2, 'condition ' || failure_class FROM conditions
  UNION ALL
  SELECT incident_id, opened_at, 3,
         CASE source WHEN 'auto' THEN 'condition ' || failure_class ELSE 'declared' END
  FROM day_incidents
),
first_signal AS (
  SELECT incident_id, arg_min(signal_at, (signal_at, priority, source)) AS first_signal_at,
         arg_min(source, (signal_at, priority, source)) AS first_signal_source
  FROM signals GROUP BY incident_id
),
acks AS (
  SELECT incident_id, min(ts) AS acknowledged_at,
         min(ts) FILTER (action = 'mitigation') AS mitigation_at
  FROM interventions WHERE incident_id IS NOT NULL GROUP BY incident_id
),
mitigated AS (
  SELECT incident_id, min(ts) AS mitigated_state_at
  FROM incidents WHERE state = 'mitigated' GROUP BY incident_id
)
SELECT d.incident_id, f.first_signal_at, f.first_signal_source,
       a.acknowledged_at,
       least(m.mitigated_state_at, a.mitigation_at) AS mitigated_at,
       greatest(0, epoch_us(d.opened_at) - epoch_us(f.first_signal_at)) / 1e6 AS detection_s,
       -- greatest() skips NULLs: an incident nobody acknowledged must stay NULL, not 0
       CASE WHEN a.acknowledged_at IS NOT NULL
            THEN greatest(0, epoch_us(a.acknowledged_at) - epoch_us(d.opened_at)) / 1e6 END AS acknowledge_s,
       (epoch_us(d.resolved_at) - epoch_us(d.opened_at)) / 1e6 AS resolve_s
FROM day_incidents AS d
JOIN first_signal AS f USING (incident_id)
LEFT JOIN acks AS a USING (incident_id)
LEFT JOIN mitigated AS m USING (incident_id);

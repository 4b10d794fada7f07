-- incident_timeline: what happened to each of D's incidents, in time order, for the daily
-- report and the postmortem's mitigation timeline: its own state changes, the interventions
-- naming it, its linked alerts firing and resolving, and (automatic incidents) the condition.
WITH ids AS (SELECT incident_id, alert_ids, source FROM day_incidents)
SELECT i.incident_id, e.ts, e.ord, 'incident ' || e.state AS kind, NULL AS actor,
       concat_ws(' ', '[' || e.severity || ']', e.summary) AS detail
FROM ids AS i JOIN incidents AS e USING (incident_id)
UNION ALL
SELECT i.incident_id, v.ts, v.ord, 'intervention ' || v.action, v.operator,
       concat_ws(': ', v.reason_code, v.note)
FROM ids AS i JOIN interventions AS v USING (incident_id)
UNION ALL
SELECT i.incident_id, a.ts, a.ord, 'alert ' || a.state, NULL,
       concat_ws(' ', a.alert_id, '(' || a.fingerprint || ')', a.summary)
FROM ids AS i, unnest(i.alert_ids) AS u(alert_id)
JOIN alerts AS a ON a.alert_id = u.alert_id
UNION ALL
SELECT c.tracked_by, c.first_seen, NULL, 'condition first seen', NULL, c.failure_class || ' (' || c.severity || ')'
FROM conditions AS c
ORDER BY 1, 2, 3 NULLS FIRST;

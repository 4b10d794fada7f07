-- declared_incidents: one row per incident_id in the log. An incident is open from its first
-- event (its `opened` event, or whatever came first) and ends at its first `resolved` event:
-- later events of it are ignored (they neither reopen nor change it). The declared severity and
-- failure class are the latest stated up to there; the summary is the first.
WITH ends AS (
  SELECT incident_id, min(ord) FILTER (state = 'resolved') AS resolved_ord
  FROM incidents WHERE incident_id IS NOT NULL GROUP BY incident_id
),
lived AS (
  SELECT i.* FROM incidents AS i JOIN ends AS e USING (incident_id)
  WHERE e.resolved_ord IS NULL OR i.ord <= e.resolved_ord
)
SELECT incident_id,
       min(ts) AS opened_at,
       min(ts) FILTER (state = 'resolved') AS resolved_at,
       arg_max(severity, ord) FILTER (severity IS NOT NULL) AS declared_severity,
       arg_max(failure_class, ord) FILTER (failure_class IS NOT NULL) AS failure_class,
       arg_min(summary, ord) FILTER (summary IS NOT NULL) AS summary,
       arg_max(impacted_scope, ord) FILTER (impacted_scope IS NOT NULL) AS impacted_scope,
       list_sort(list_distinct(flatten(list(alert_ids)))) AS alert_ids
FROM lived
GROUP BY incident_id;

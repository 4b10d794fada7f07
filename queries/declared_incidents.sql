-- declared_incidents: one row per incident_id in the log. Opened at its `opened` event (its
-- first event if the log lacks one), resolved at its first `resolved` event; the declared
-- severity and failure class are the latest stated.
CREATE OR REPLACE TABLE declared_incidents AS
SELECT incident_id,
       coalesce(min(ts) FILTER (state = 'opened'), min(ts)) AS opened_at,
       min(ts) FILTER (state = 'resolved') AS resolved_at,
       arg_max(severity, ord) FILTER (severity IS NOT NULL) AS declared_severity,
       arg_max(failure_class, ord) FILTER (failure_class IS NOT NULL) AS failure_class,
       arg_min(summary, ord) FILTER (summary IS NOT NULL) AS summary,
       arg_max(impacted_scope, ord) FILTER (impacted_scope IS NOT NULL) AS impacted_scope,
       list_sort(list_distinct(flatten(list(alert_ids)))) AS alert_ids
FROM incidents
WHERE incident_id IS NOT NULL
GROUP BY incident_id;

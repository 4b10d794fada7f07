-- unresolved_alerts: instances still open at the end of D, by alert_id.
SELECT i.alert_id, i.fingerprint, i.severity, i.alert_class, i.fired_at, i.summary
FROM alert_instances AS i, params AS p
WHERE i.fired_at < p.day_end AND (i.resolved_at IS NULL OR i.resolved_at >= p.day_end)
ORDER BY i.alert_id;

-- bad_slots: D's failed and missed slots in slot order (not those planned maintenance excludes), with the running consumption and
-- what (if anything) tracks each: a declared incident's open interval, or a critical alert's
-- (from its first critical firing to its resolution), both ends included, containing the slot start.
SELECT s.slot, s.slot_start, s.status, s.failure_class,
       row_number() OVER (ORDER BY s.slot) AS consumed_running,
       (SELECT min(d.incident_id) FROM declared_incidents AS d
         WHERE s.slot_start >= d.opened_at
           AND (d.resolved_at IS NULL OR s.slot_start <= d.resolved_at)) AS tracking_incident,
       (SELECT min(a.alert_id) FROM alert_instances AS a
         WHERE s.slot_start >= a.critical_at
           AND (a.resolved_at IS NULL OR s.slot_start <= a.resolved_at)) AS tracking_alert
FROM slots AS s
WHERE s.status <> 'ok' AND NOT s.excluded
ORDER BY s.slot;

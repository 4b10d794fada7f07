-- false_positive_alerts: instances resolved on D as `false_positive`, or resolved within the
-- flap window of their first firing and linked to no incident.
SELECT i.alert_id, i.fingerprint, i.fired_at, i.resolved_at, i.resolution, i.is_linked,
       CASE WHEN i.resolution = 'false_positive' THEN 'resolved as false_positive'
            ELSE 'flapped: resolved within the flap window, linked to no incident' END AS reason
FROM alert_instances AS i, params AS p
WHERE i.resolved_at >= p.day_start AND i.resolved_at < p.day_end
  AND (i.resolution = 'false_positive'
       OR (NOT i.is_linked
           AND epoch_us(i.resolved_at) - epoch_us(i.fired_at) <= p.flap_window_s * 1000000))
ORDER BY i.alert_id;

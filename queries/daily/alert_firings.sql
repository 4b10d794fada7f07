-- alert_firings: `firing` events on D; a duplicate fires while an instance with the same
-- fingerprint (or the same alert_id) is already open.
SELECT a.ord, a.ts, a.alert_id, a.fingerprint, a.severity, a.alert_class,
       EXISTS (SELECT 1 FROM alert_instances AS i
                WHERE (i.fingerprint = a.fingerprint OR i.alert_id = a.alert_id)
                  AND i.fired_ord < a.ord
                  AND (i.resolved_ord IS NULL OR i.resolved_ord > a.ord)) AS is_duplicate
FROM alerts AS a, params AS p
WHERE a.state = 'firing' AND a.day = p.day
ORDER BY a.ord;

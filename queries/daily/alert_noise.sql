-- alert_noise: D's alert figures per fingerprint (the weekly review sums these). Split of the
-- false positives (marked by a person vs flapped) and the seconds each instance resolved on D
-- took, so the weekly review can pick a reduction action and a median time to resolve.
WITH fired AS (
  SELECT fingerprint, count(*) AS fired, count(*) FILTER (is_duplicate) AS duplicates
  FROM alert_firings GROUP BY fingerprint
),
fp AS (
  SELECT fingerprint, count(*) AS false_positives,
         count(*) FILTER (resolution = 'false_positive') AS marked_false_positive,
         count(*) FILTER (resolution IS DISTINCT FROM 'false_positive') AS flaps
  FROM false_positive_alerts GROUP BY fingerprint
),
resolved AS (
  SELECT i.fingerprint,
         list((epoch_us(i.resolved_at) - epoch_us(i.fired_at)) / 1e6 ORDER BY i.alert_id) AS resolve_seconds
  FROM alert_instances AS i, params AS p
  WHERE i.resolved_at >= p.day_start AND i.resolved_at < p.day_end
  GROUP BY i.fingerprint
)
SELECT fingerprint, coalesce(f.fired, 0) AS fired, coalesce(f.duplicates, 0) AS duplicates,
       coalesce(fp.false_positives, 0) AS false_positives,
       coalesce(fp.marked_false_positive, 0) AS marked_false_positive,
       coalesce(fp.flaps, 0) AS flaps,
       coalesce(r.resolve_seconds, []) AS resolve_seconds
FROM fired AS f
FULL OUTER JOIN fp USING (fingerprint)
FULL OUTER JOIN resolved AS r USING (fingerprint)
ORDER BY fingerprint NULLS LAST;

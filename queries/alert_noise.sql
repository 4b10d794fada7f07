-- alert_noise: D's alert figures per fingerprint (the weekly review sums these).
CREATE OR REPLACE TABLE alert_noise AS
WITH fired AS (
  SELECT fingerprint, count(*) AS fired, count(*) FILTER (is_duplicate) AS duplicates
  FROM alert_firings GROUP BY fingerprint
),
fp AS (
  SELECT fingerprint, count(*) AS false_positives FROM false_positive_alerts GROUP BY fingerprint
)
SELECT fingerprint, coalesce(f.fired, 0) AS fired, coalesce(f.duplicates, 0) AS duplicates,
       coalesce(fp.false_positives, 0) AS false_positives
FROM fired AS f FULL OUTER JOIN fp USING (fingerprint)
ORDER BY fingerprint NULLS LAST;

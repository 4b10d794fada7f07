-- availability: successful slots / scheduled slots; met when the ratio reaches the target
-- (compared exactly: successful >= target x scheduled in decimal arithmetic). Slots excluded by
-- planned maintenance are not scheduled; `excluded` counts them. All NULL without a session.
WITH n AS (
  SELECT count(*) FILTER (NOT excluded) AS scheduled,
         count(*) FILTER (NOT excluded AND status = 'ok') AS successful,
         count(*) FILTER (NOT excluded AND status = 'missed') AS missed,
         count(*) FILTER (NOT excluded AND status = 'failed') AS failed,
         count(*) FILTER (excluded) AS excluded
  FROM slots
)
SELECT CASE WHEN p.session_open IS NOT NULL THEN n.scheduled END AS scheduled,
       CASE WHEN p.session_open IS NOT NULL THEN n.successful END AS successful,
       CASE WHEN p.session_open IS NOT NULL THEN n.missed END AS missed,
       CASE WHEN p.session_open IS NOT NULL THEN n.failed END AS failed,
       CASE WHEN p.session_open IS NOT NULL THEN n.excluded END AS excluded,
       CASE WHEN n.scheduled > 0 THEN CAST(n.successful AS DOUBLE) / n.scheduled END AS ratio,
       CAST(p.availability_target AS DOUBLE) AS target,
       CASE WHEN n.scheduled > 0 THEN n.successful >= p.availability_target * n.scheduled END AS met
FROM params AS p, n;

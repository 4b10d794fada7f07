-- latency_histogram: D's latency samples in 40 equal-width bins (the chart's data).
-- Binning here keeps the chart's size fixed however many submissions the day had.
WITH r AS (
  SELECT min(latency_ms) AS lo, max(latency_ms) AS hi FROM latency_samples
),
w AS (
  SELECT lo, CASE WHEN hi > lo THEN (hi - lo) / 40.0 ELSE 1.0 END AS width FROM r
  WHERE lo IS NOT NULL
)
SELECT w.lo + b * w.width AS bin_start, w.lo + (b + 1) * w.width AS bin_end, count(*) AS submissions
FROM latency_samples AS s, w,
     LATERAL (SELECT least(floor((s.latency_ms - w.lo) / w.width)::BIGINT, 39) AS b)
GROUP BY ALL
ORDER BY bin_start;

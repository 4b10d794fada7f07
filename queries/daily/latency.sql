-- latency: p95 by linear interpolation (quantile_cont) against baseline x (1 + drift/100).
SELECT count(l.ord) AS samples,
       quantile_cont(l.latency_ms, 0.95) AS p95_ms,
       p.baseline_p95_ms,
       p.latency_drift_pct AS drift_pct,
       p.latency_limit_ms AS limit_ms,
       CASE WHEN count(l.ord) > 0 THEN quantile_cont(l.latency_ms, 0.95) <= p.latency_limit_ms END AS met
FROM params AS p LEFT JOIN latency_samples AS l ON true
GROUP BY p.baseline_p95_ms, p.latency_drift_pct, p.latency_limit_ms;

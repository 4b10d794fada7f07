-- latency_samples: latency_ms of every submission on D with mode `real`. A non-finite value
-- (the parser accepts NaN and Infinity, as Python's json writes them) is not a sample.
SELECT s.ord, s.ts, s.order_id, s.intent_id, s.latency_ms,
       s.latency_ms > p.latency_limit_ms AS over_limit
FROM submissions AS s, params AS p
WHERE s.day = p.day AND s.mode = 'real' AND s.latency_ms IS NOT NULL AND isfinite(s.latency_ms)
ORDER BY s.ord;

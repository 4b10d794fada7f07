-- latency_samples: latency_ms of every submission on D with mode `real`.
CREATE OR REPLACE TABLE latency_samples AS
SELECT s.ord, s.ts, s.order_id, s.intent_id, s.latency_ms,
       s.latency_ms > p.latency_limit_ms AS over_limit
FROM submissions AS s, params AS p
WHERE s.day = p.day AND s.mode = 'real' AND s.latency_ms IS NOT NULL
ORDER BY s.ord;

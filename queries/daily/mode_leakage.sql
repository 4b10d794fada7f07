-- mode_leakage: order events on D whose `mode` differs from their `broker_env`, or from the
-- mode of the latest preflight of the same run_id (at or before the event).
WITH day_orders AS (
  SELECT o.* FROM orders AS o, params AS p WHERE o.day = p.day AND o.order_id IS NOT NULL
),
with_preflight AS (
  SELECT o.*, pf.mode AS preflight_mode
  FROM day_orders AS o
  ASOF LEFT JOIN preflights AS pf ON o.run_id = pf.run_id AND o.ts >= pf.ts
)
SELECT ord, ts, order_id, intent_id, run_id, status, mode, broker_env, preflight_mode,
       CASE WHEN mode <> broker_env THEN 'mode differs from broker_env'
            ELSE 'mode differs from the run''s preflight mode' END AS reason
FROM with_preflight
WHERE mode <> broker_env OR mode <> preflight_mode
ORDER BY ord;

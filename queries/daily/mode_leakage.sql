-- mode_leakage: order events on D whose `mode` differs from their `broker_env`, or from the
-- mode of the latest preflight of the same run_id (at or before the event; of preflights at
-- the same instant, the last in `ord`).
-- Each preflight holds from its time until the run's next one: joining the day's orders to
-- those few spans is a hash join on run_id, where an ASOF join sorted every order of the day.
WITH day_orders AS (
  SELECT o.ord, o.ts, o.order_id, o.intent_id, o.run_id, o.status, o.mode, o.broker_env
  FROM orders AS o, params AS p WHERE o.day = p.day AND o.order_id IS NOT NULL
),
preflight_spans AS (
  SELECT run_id, mode, ts AS from_ts, lead(ts) OVER (PARTITION BY run_id ORDER BY ts, ord) AS to_ts
  FROM preflights WHERE run_id IS NOT NULL
),
with_preflight AS (
  SELECT o.*, pf.mode AS preflight_mode
  FROM day_orders AS o
  LEFT JOIN preflight_spans AS pf
    ON o.run_id = pf.run_id AND o.ts >= pf.from_ts AND (pf.to_ts IS NULL OR o.ts < pf.to_ts)
)
SELECT ord, ts, order_id, intent_id, run_id, status, mode, broker_env, preflight_mode,
       CASE WHEN mode <> broker_env THEN 'mode differs from broker_env'
            ELSE 'mode differs from the run''s preflight mode' END AS reason
FROM with_preflight
WHERE mode <> broker_env OR mode <> preflight_mode
ORDER BY ord;

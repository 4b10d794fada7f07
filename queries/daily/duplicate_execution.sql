-- duplicate_execution: for each intent, the distinct order_ids submitted beyond the first,
-- each counted on the day of its (first) submission. Evidence: which intent, which orders.
WITH per_order AS (
  SELECT intent_id, order_id, min(ord) AS first_ord
  FROM submissions
  WHERE intent_id IS NOT NULL AND order_id IS NOT NULL
  GROUP BY intent_id, order_id
),
ranked AS (
  SELECT *,
         row_number() OVER (PARTITION BY intent_id ORDER BY first_ord) AS nth,
         first_value(order_id) OVER (PARTITION BY intent_id ORDER BY first_ord) AS first_order_id
  FROM per_order
)
SELECT r.intent_id, r.order_id, r.first_order_id, s.ts AS submitted_at, s.ord, s.run_id
FROM ranked AS r
JOIN submissions AS s ON s.ord = r.first_ord
CROSS JOIN params AS p
WHERE r.nth > 1 AND s.day = p.day
ORDER BY s.ord;

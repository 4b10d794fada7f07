-- day_intent_bounds (a value, for history_intents.sql and event_rows.sql): the smallest and the
-- largest intent_id with an order on $day. Bound as constants, they let the scans of other days'
-- orders, guards and approvals skip every Parquet row group whose intents lie outside (intent
-- ids written in order cluster by day).
-- materialized: value
SELECT [min(intent_id), max(intent_id)] FROM (
  SELECT intent_id FROM cache.day_lines
  WHERE kind = 'event' AND day = CAST($day AS DATE) AND event_type = 'order' AND intent_id IS NOT NULL
  UNION ALL
  SELECT intent_id FROM tail_lines
  WHERE kind = 'event' AND day = CAST($day AS DATE) AND event_type = 'order' AND intent_id IS NOT NULL)

-- history_intents (a list, for event_rows.sql): the intents with an order on $day that also have an
-- order, guard or approval on another day. Reads only the intent column of the bulk, and only
-- the row groups within day_intent_bounds.sql's bounds.
-- materialized: value (one row, one column, read by db.value)
SELECT coalesce(list(DISTINCT intent_id ORDER BY intent_id), []) AS intents
FROM cache.intent_lines
WHERE kind = 'event' AND day <> CAST($day AS DATE) AND event_type IN ('order', 'guard', 'approval')
  AND intent_id BETWEEN $intent_lo AND $intent_hi AND intent_id IN (
    SELECT intent_id FROM cache.day_lines
    WHERE kind = 'event' AND day = CAST($day AS DATE) AND event_type = 'order' AND intent_id IS NOT NULL
    UNION
    SELECT intent_id FROM tail_lines
    WHERE kind = 'event' AND day = CAST($day AS DATE) AND event_type = 'order' AND intent_id IS NOT NULL);

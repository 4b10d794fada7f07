-- events (cached path): the events a check of $day needs, with the columns of events.sql.
-- D's own lines; every preflight, cycle, alert, incident and intervention (few, and read across
-- days: the last preflight before the open, incidents open since last week, cycles by schedule);
-- and the orders, guards and approvals of the intents with an order on D (the safety floor
-- looks at an intent's whole history). `ord` orders exactly as the direct path does; its
-- values count only the events read.
CREATE OR REPLACE TABLE events AS
WITH day_intents AS (
  SELECT intent_id FROM cache.lines
  WHERE kind = 'event' AND day = $day AND event_type = 'order' AND intent_id IS NOT NULL
  UNION
  SELECT intent_id FROM tail_lines
  WHERE kind = 'event' AND day = $day AND event_type = 'order' AND intent_id IS NOT NULL
),
picked AS (
  SELECT file_idx, line_no, j, ts, day, event_type, event_id, run_id, mode, intent_id, is_replay
  FROM cache.lines
  WHERE kind = 'event'
    AND (day = $day
         OR event_type IN ('preflight', 'cycle', 'alert', 'incident', 'intervention')
         OR (event_type IN ('order', 'guard', 'approval') AND intent_id IN (SELECT intent_id FROM day_intents)))
  UNION ALL
  SELECT file_idx, line_no, j, ts, day, event_type, event_id, run_id, mode, intent_id, false
  FROM tail_lines WHERE kind = 'event'
)
SELECT row_number() OVER (ORDER BY p.ts, p.file_idx, p.line_no) AS ord,
       p.file_idx, p.line_no, p.j, p.ts, p.day, p.event_type, p.event_id, p.run_id, p.mode, p.intent_id,
       coalesce(f.is_replay, p.is_replay) AS is_replay,
       NOT known_event_type(p.event_type) AS is_unknown_type
FROM picked AS p LEFT JOIN tail_flags AS f USING (file_idx, line_no);

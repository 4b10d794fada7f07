-- window_slots: every slot of D's rolling window and whether it was successful, each earlier
-- session as its own end-of-day check saw it (its cycles logged before 00:00 KST of the next
-- day), D's as this check sees it (slots: due slots only in an intraday run).
WITH earlier AS (
  SELECT w.day, w.open, w.close FROM window_sessions AS w, params AS p WHERE w.day < p.day
),
ok_slots AS (
  SELECT e.day, (epoch_us(c.scheduled_at) - epoch_us(e.open)) // (p.cycle_interval_s * 1000000) AS slot
  FROM cycles AS c
  JOIN earlier AS e ON c.scheduled_at >= e.open AND c.scheduled_at < e.close
  CROSS JOIN params AS p
  WHERE c.ts < CAST(e.day AS TIMESTAMP) + INTERVAL 1 DAY AND c.status = 'ok'
  GROUP BY ALL
)
SELECT s.day, s.slot, s.slot_start, o.slot IS NOT NULL AS ok, s.excluded
FROM session_slots AS s
JOIN earlier AS e USING (day)
LEFT JOIN ok_slots AS o USING (day, slot)
UNION ALL
SELECT p.day, d.slot, d.slot_start, d.status = 'ok', d.excluded
FROM slots AS d, params AS p
WHERE p.day IN (SELECT day FROM window_sessions)
ORDER BY 1, 2;

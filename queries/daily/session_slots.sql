-- session_slots: every scheduled slot of D's session and of the sessions of D's rolling window
-- (one every cycle_interval_s from the open while the slot start is before the close), and
-- whether planned maintenance excludes it: its start lies in a planned_maintenance window
-- declared at or before that start. An excluded slot is not scheduled.
WITH needed AS (
  SELECT day, open, close FROM window_sessions
  UNION
  SELECT day, session_open, session_close FROM params WHERE session_open IS NOT NULL
),
grid AS (
  SELECT n.day, n.open,
         unnest(range(0, (epoch_us(n.close) - epoch_us(n.open) + p.cycle_interval_s * 1000000 - 1)
                         // (p.cycle_interval_s * 1000000))) AS slot
  FROM needed AS n, params AS p
),
started AS (
  SELECT g.day, g.slot, g.open + to_microseconds(g.slot * p.cycle_interval_s * 1000000) AS slot_start
  FROM grid AS g, params AS p
)
SELECT st.day, st.slot, st.slot_start,
       EXISTS (SELECT 1 FROM planned_maintenance AS m
               WHERE st.slot_start >= m.start_at AND st.slot_start < m.end_at
                 AND m.declared_at <= st.slot_start) AS excluded
FROM started AS st
ORDER BY st.day, st.slot;

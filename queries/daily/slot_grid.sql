-- slot_grid: every scheduled slot of D's session and of the sessions of D's rolling window, one
-- every cycle_interval_s from the open while the slot start is before the close.
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
)
SELECT g.day, g.slot, g.open + to_microseconds(g.slot * p.cycle_interval_s * 1000000) AS slot_start
FROM grid AS g, params AS p
ORDER BY g.day, g.slot;

-- rolling: the rolling window's SLO (contract 1.1 section 8, slo.rolling). Scheduled slots are
-- the window's slots less those planned maintenance excluded; ratio = successful / scheduled,
-- budget = (1 - target) x scheduled (decimal, exact), consumed = bad, remaining = budget -
-- consumed; met = ratio >= target, NULL when the window holds no session or no scheduled slot.
-- With no session the slot figures are NULL too (not applicable, as a day without a session).
WITH w AS (
  SELECT count(*) AS sessions, min(day) AS first_day, max(day) AS last_day FROM window_sessions
),
s AS (
  SELECT count(*) FILTER (NOT excluded) AS scheduled,
         count(*) FILTER (NOT excluded AND ok) AS successful,
         count(*) FILTER (NOT excluded AND NOT ok) AS bad,
         count(*) FILTER (excluded) AS excluded
  FROM window_slots
)
SELECT w.sessions, w.first_day, w.last_day,
       CASE WHEN w.sessions > 0 THEN s.scheduled END AS scheduled,
       CASE WHEN w.sessions > 0 THEN s.successful END AS successful,
       CASE WHEN w.sessions > 0 THEN s.bad END AS bad,
       CASE WHEN w.sessions > 0 THEN s.excluded END AS excluded,
       CASE WHEN s.scheduled > 0 THEN CAST(s.successful AS DOUBLE) / s.scheduled END AS ratio,
       CAST(p.availability_target AS DOUBLE) AS target,
       CASE WHEN s.scheduled > 0 THEN s.successful >= p.availability_target * s.scheduled END AS met,
       CASE WHEN w.sessions > 0 THEN (1 - p.availability_target) * s.scheduled END AS budget_cycles,
       CASE WHEN w.sessions > 0 THEN s.bad END AS consumed_cycles,
       CASE WHEN w.sessions > 0 THEN (1 - p.availability_target) * s.scheduled - s.bad END AS remaining_cycles
FROM w, s, params AS p;

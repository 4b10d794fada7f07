-- corrections: every maintenance event D's check sees whose [start, end) overlaps D's session
-- or whose start falls on D (whose ts falls on D when start or end is missing or invalid), with
-- the slots of D it excluded and, when it excluded nothing, why (contract 1.1 section 8).
-- late_slots: slots of D's session in the window that started before the declaration (not
-- excluded: a declaration after the fact excludes only the later slots).
WITH relevant AS (
  SELECT m.*
  FROM maintenance AS m, params AS p
  WHERE CASE WHEN m.start_at IS NULL OR m.end_at IS NULL THEN m.day = p.day
             ELSE CAST(m.start_at AS DATE) = p.day
                  OR (p.session_open IS NOT NULL AND m.start_at < p.session_close AND m.end_at > p.session_open)
        END
),
counted AS (
  SELECT r.*,
         -- D's slots it excluded (in an intraday run, those already due)
         (SELECT count(*) FROM slot_exclusions AS x JOIN slots AS s USING (slot), params AS p
          WHERE x.ord = r.ord AND x.day = p.day) AS excluded_slots,
         (SELECT count(*) FROM slot_grid AS g, params AS p
          WHERE g.day = p.day AND r.ord IN (SELECT ord FROM planned_maintenance)
            AND g.slot_start >= r.start_at AND g.slot_start < r.end_at AND g.slot_start < r.ts) AS late_slots,
         (SELECT count(*) FROM slot_grid AS g, params AS p
          WHERE g.day = p.day AND g.slot_start >= r.start_at AND g.slot_start < r.end_at) AS window_slots
  FROM relevant AS r
)
SELECT ord, maintenance_id, start_at, start_text, end_at, end_text, reason_code, operator, note,
       ts AS declared_at, excluded_slots, late_slots,
       CASE
         WHEN start_at IS NULL THEN CASE WHEN start_text IS NULL THEN 'start is missing'
                                         ELSE 'start is not an RFC 3339 time with an offset' END
         WHEN end_at IS NULL THEN CASE WHEN end_text IS NULL THEN 'end is missing'
                                       ELSE 'end is not an RFC 3339 time with an offset' END
         WHEN end_at <= start_at THEN 'end is not after start'
         WHEN reason_code IS NULL THEN 'reason code is missing (PLANNED_MAINTENANCE excludes slots)'
         WHEN reason_code <> 'PLANNED_MAINTENANCE'
           THEN 'reason code ' || reason_code || ' is not PLANNED_MAINTENANCE'
         WHEN window_slots = 0 THEN 'no slot of the session starts in the window'
         WHEN late_slots = window_slots THEN 'declared after every slot of the window had started'
       END AS problem
FROM counted
ORDER BY ord;

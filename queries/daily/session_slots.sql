-- session_slots: slot_grid with whether planned maintenance excludes each slot (any
-- slot_exclusions row). An excluded slot is not scheduled.
SELECT g.day, g.slot, g.slot_start,
       EXISTS (SELECT 1 FROM slot_exclusions AS x WHERE x.day = g.day AND x.slot = g.slot) AS excluded
FROM slot_grid AS g
ORDER BY g.day, g.slot;

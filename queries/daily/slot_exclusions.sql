-- slot_exclusions: which planned_maintenance window excludes which slot (contract 1.1 section 8):
-- the slot start lies in [start_at, end_at) and the window was declared at or before it, so a
-- declaration after the fact excludes only the later slots. The one place this rule is written.
SELECT g.day, g.slot, m.ord
FROM slot_grid AS g
JOIN planned_maintenance AS m
  ON g.slot_start >= m.start_at AND g.slot_start < m.end_at AND m.declared_at <= g.slot_start;

-- planned_maintenance: the maintenance windows that can exclude slots (contract 1.1 section 8):
-- reason code PLANNED_MAINTENANCE, a valid start and an end after it. Such a window excludes a
-- slot whose start lies in [start_at, end_at) only if it was declared at or before that start,
-- so a declaration after the fact cannot erase a failure that already happened.
SELECT maintenance_id, ord, ts AS declared_at, start_at, end_at
FROM maintenance
WHERE reason_code = 'PLANNED_MAINTENANCE' AND start_at IS NOT NULL AND end_at IS NOT NULL AND end_at > start_at;

-- error_budget: (1 - target) x scheduled slots, in cycles; consumed = bad slots;
-- untracked = bad slots covered by no declared incident and no critical alert.
SELECT CASE WHEN a.scheduled > 0 THEN (1 - p.availability_target) * a.scheduled END AS budget_cycles,
       CASE WHEN a.scheduled > 0 THEN (SELECT count(*) FROM bad_slots) END AS consumed_cycles,
       CASE WHEN a.scheduled > 0 THEN (SELECT count(*) FROM bad_slots
            WHERE tracking_incident IS NULL AND tracking_alert IS NULL) END AS untracked_cycles
FROM params AS p, availability AS a;

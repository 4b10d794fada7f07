-- intervention_counts: the day's interventions, and those whose reason code the policy's
-- catalog does not know.
SELECT count(*) AS count, count(*) FILTER (NOT known_reason_code) AS unknown_reason_codes
FROM day_interventions

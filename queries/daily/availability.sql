-- availability: successful slots / scheduled slots; met when the ratio reaches the target
-- (compared exactly: successful >= target x scheduled in decimal arithmetic). Slots excluded by
-- planned maintenance are not scheduled; `excluded` counts them.
SELECT CASE WHEN p.session_open IS NULL THEN NULL ELSE count(s.slot) FILTER (NOT s.excluded) END AS scheduled,
       CASE WHEN p.session_open IS NULL THEN NULL
            ELSE count(s.slot) FILTER (s.status = 'ok' AND NOT s.excluded) END AS successful,
       CASE WHEN p.session_open IS NULL THEN NULL
            ELSE count(s.slot) FILTER (s.status = 'missed' AND NOT s.excluded) END AS missed,
       CASE WHEN p.session_open IS NULL THEN NULL
            ELSE count(s.slot) FILTER (s.status = 'failed' AND NOT s.excluded) END AS failed,
       CASE WHEN p.session_open IS NULL THEN NULL ELSE count(s.slot) FILTER (s.excluded) END AS excluded,
       CASE WHEN count(s.slot) FILTER (NOT s.excluded) > 0
            THEN CAST(count(s.slot) FILTER (s.status = 'ok' AND NOT s.excluded) AS DOUBLE)
                 / count(s.slot) FILTER (NOT s.excluded) END AS ratio,
       CAST(p.availability_target AS DOUBLE) AS target,
       CASE WHEN count(s.slot) FILTER (NOT s.excluded) > 0
            THEN count(s.slot) FILTER (s.status = 'ok' AND NOT s.excluded)
                 >= p.availability_target * count(s.slot) FILTER (NOT s.excluded) END AS met
FROM params AS p LEFT JOIN slots AS s ON true
GROUP BY p.session_open, p.availability_target;

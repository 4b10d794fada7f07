-- availability: successful slots / scheduled slots; met when the ratio reaches the target
-- (compared exactly: successful >= target x scheduled in decimal arithmetic).
SELECT CASE WHEN p.session_open IS NULL THEN NULL ELSE count(s.slot) END AS scheduled,
       CASE WHEN p.session_open IS NULL THEN NULL ELSE count(s.slot) FILTER (s.status = 'ok') END AS successful,
       CASE WHEN p.session_open IS NULL THEN NULL ELSE count(s.slot) FILTER (s.status = 'missed') END AS missed,
       CASE WHEN p.session_open IS NULL THEN NULL ELSE count(s.slot) FILTER (s.status = 'failed') END AS failed,
       CASE WHEN count(s.slot) > 0
            THEN CAST(count(s.slot) FILTER (s.status = 'ok') AS DOUBLE) / count(s.slot) END AS ratio,
       CAST(p.availability_target AS DOUBLE) AS target,
       CASE WHEN count(s.slot) > 0
            THEN count(s.slot) FILTER (s.status = 'ok') >= p.availability_target * count(s.slot) END AS met
FROM params AS p LEFT JOIN slots AS s ON true
GROUP BY p.session_open, p.availability_target;

-- open_declared_incidents: declared incidents open on D (opened before D ended and not
-- resolved before D began).
SELECT d.*
FROM declared_incidents AS d, params AS p
WHERE d.opened_at < p.day_end
  AND (d.resolved_at IS NULL OR d.resolved_at >= p.day_start);

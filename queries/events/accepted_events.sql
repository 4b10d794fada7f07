-- accepted_events: what every computation reads (no replays, no unknown types, and nothing
-- after the run's cutoff: the end of the review day, or the as-of time of an intraday run).
-- materialized: view (in a check too: read once per table it feeds)
SELECT e.* FROM events AS e, cutoff AS c
WHERE NOT e.is_replay AND NOT e.is_unknown_type
  AND CASE WHEN c.as_of IS NOT NULL THEN e.ts <= c.as_of
           WHEN c.day_end IS NOT NULL THEN e.ts < c.day_end
           ELSE true END;

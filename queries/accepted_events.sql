-- accepted_events: what every computation reads (no replays, no unknown types, and nothing
-- after the as-of time of an intraday run).
CREATE OR REPLACE VIEW accepted_events AS
SELECT * FROM events
WHERE NOT is_replay AND NOT is_unknown_type
  AND (ts <= (SELECT as_of FROM cutoff) OR (SELECT as_of FROM cutoff) IS NULL);

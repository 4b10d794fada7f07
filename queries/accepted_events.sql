-- accepted_events: what every computation reads (no replays, no unknown types).
CREATE OR REPLACE VIEW accepted_events AS
SELECT * FROM events WHERE NOT is_replay AND NOT is_unknown_type;

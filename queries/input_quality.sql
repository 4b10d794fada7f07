-- input_quality: the ledger. Every line is exactly one of blank, malformed, truncated_tail,
-- replayed, unknown_event_types or events (accepted events of a known type).
CREATE OR REPLACE TABLE input_quality AS
SELECT
  (SELECT count(*) FROM parsed_lines) AS lines,
  (SELECT count(*) FROM parsed_lines WHERE kind = 'blank') AS blank,
  (SELECT count(*) FROM parsed_lines WHERE kind = 'malformed') AS malformed,
  (SELECT count(*) FROM parsed_lines WHERE kind = 'truncated_tail') AS truncated_tail,
  (SELECT count(*) FROM events WHERE is_replay) AS replayed,
  (SELECT count(*) FROM events WHERE NOT is_replay AND is_unknown_type) AS unknown_event_types,
  (SELECT count(*) FROM events WHERE NOT is_replay AND NOT is_unknown_type) AS events;

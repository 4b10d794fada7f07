-- append: one chunk's parsed_lines into the cache (replay flags are set by replays.sql).
INSERT INTO event_rows
SELECT file_idx, line_no, ts, day, event_type, event_id, run_id, mode, intent_id, NULL, j
FROM parsed_lines WHERE kind = 'event';
INSERT INTO problem_lines
SELECT file_idx, line_no, kind, reason FROM parsed_lines WHERE kind IN ('blank', 'malformed');

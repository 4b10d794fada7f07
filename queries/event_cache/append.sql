-- append: one chunk's parsed_lines into the cache (replays.sql sets the replay flags).
INSERT INTO cache.lines
SELECT file_idx, line_no, kind, reason, ts, day, event_type, event_id, run_id, mode, intent_id,
       CASE WHEN kind = 'event' THEN NULL END, j
FROM parsed_lines;

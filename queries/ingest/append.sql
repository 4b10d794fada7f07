-- append: one chunk's parsed lines (chunk_lines) into the cache, as refresh $batch. Events are
-- not replays until replays.sql finds their event_id earlier in reading order.
INSERT INTO cache.lines
SELECT file_idx, line_no, kind, reason, ts, day, event_type, event_id, run_id, mode, intent_id, scheduled_day,
       CASE WHEN kind = 'event' THEN false END, CAST($batch AS BIGINT), j
FROM chunk_lines WHERE NOT (kind = 'event' AND small_event_type(event_type));
INSERT INTO cache.small_lines
SELECT file_idx, line_no, kind, reason, ts, day, event_type, event_id, run_id, mode, intent_id, scheduled_day,
       false, CAST($batch AS BIGINT), j
FROM chunk_lines WHERE kind = 'event' AND small_event_type(event_type);

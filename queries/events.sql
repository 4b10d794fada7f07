-- events: well-formed lines in time order. `ord` breaks timestamp ties by file, then line.
-- A repeated event_id is a replay: the first line in reading order (file, line) is kept.
CREATE OR REPLACE TABLE events AS
WITH flagged AS (
  SELECT file_idx, line_no, j, ts, day, event_type, event_id, run_id, mode, intent_id,
         event_id IS NOT NULL
           AND row_number() OVER (PARTITION BY event_id ORDER BY file_idx, line_no) > 1 AS is_replay
  FROM parsed_lines WHERE kind = 'event'
)
-- Sorted once and numbered in that order, so the table is stored in `ord` order (the
-- workbench's events Parquet is written in that order without sorting the text again).
SELECT row_number() OVER () AS ord, *, NOT known_event_type(event_type) AS is_unknown_type
FROM (SELECT * FROM flagged ORDER BY ts, file_idx, line_no);

-- events: well-formed lines in time order. `ord` breaks timestamp ties by file, then line.
-- A repeated event_id is a replay: the first line in reading order (file, line) is kept.
CREATE OR REPLACE TABLE events AS
WITH ev AS (
  SELECT file_idx, line_no, j, ts,
         CAST(ts AS DATE) AS day,
         j->>'$.event_type' AS event_type,
         j->>'$.event_id' AS event_id,
         j->>'$.run_id' AS run_id,
         j->>'$.mode' AS mode
  FROM parsed_lines WHERE kind = 'event'
),
flagged AS (
  SELECT *,
         event_id IS NOT NULL
           AND row_number() OVER (PARTITION BY event_id ORDER BY file_idx, line_no) > 1 AS is_replay,
         event_type NOT IN ('preflight', 'cycle', 'order', 'guard', 'approval', 'alert',
                            'incident', 'intervention') AS is_unknown_type
  FROM ev
)
SELECT row_number() OVER (ORDER BY ts, file_idx, line_no) AS ord, *
FROM flagged;

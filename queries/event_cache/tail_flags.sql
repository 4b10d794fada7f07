-- tail_flags: replay flags that depend on an unterminated last line (`tail_lines`, parsed on
-- every run, never cached): a tail line precedes every line of the files after it.
CREATE OR REPLACE TABLE tail_flags AS
WITH tail_ids AS (SELECT DISTINCT event_id FROM tail_lines WHERE kind = 'event' AND event_id IS NOT NULL),
contested AS (
  SELECT file_idx, line_no, event_id FROM cache.all_lines
  WHERE kind = 'event' AND event_id IN (SELECT event_id FROM tail_ids)
  UNION ALL
  SELECT file_idx, line_no, event_id FROM tail_lines WHERE kind = 'event' AND event_id IS NOT NULL
)
SELECT file_idx, line_no,
       row_number() OVER (PARTITION BY event_id ORDER BY file_idx, line_no) > 1 AS is_replay
FROM contested;

-- day_counts (cached path): accepted events per KST day and type over the whole log, as
-- ingest.day_counts gives them on the direct path (the `m31 ingest` summary).
CREATE OR REPLACE TABLE day_counts AS
WITH accepted AS (
  SELECT e.day, e.event_type
  FROM cache.all_lines AS e LEFT JOIN tail_flags AS f USING (file_idx, line_no)
  WHERE e.kind = 'event' AND NOT coalesce(f.is_replay, e.is_replay) AND known_event_type(e.event_type)
  UNION ALL
  SELECT t.day, t.event_type
  FROM tail_lines AS t LEFT JOIN tail_flags AS f USING (file_idx, line_no)
  WHERE t.kind = 'event' AND NOT coalesce(f.is_replay, false) AND known_event_type(t.event_type)
)
SELECT day, count(*) AS events,
       count(*) FILTER (event_type = 'cycle') AS cycles,
       count(*) FILTER (event_type = 'order') AS orders,
       count(*) FILTER (event_type = 'alert') AS alerts,
       count(*) FILTER (event_type = 'incident') AS incidents,
       count(*) FILTER (event_type = 'intervention') AS interventions
FROM accepted GROUP BY day ORDER BY day;

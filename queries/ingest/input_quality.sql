-- input_quality: the ledger of the whole log (the stored lines plus this run's unterminated
-- last lines). Every line is exactly one of blank, malformed, truncated_tail, replayed,
-- unknown_event_types or events (accepted events of a known type).
WITH ev AS (
  SELECT coalesce(f.is_replay, e.is_replay) AS is_replay, known_event_type(e.event_type) AS known
  FROM cache.all_lines AS e LEFT JOIN replay_flags AS f USING (file_idx, line_no)
  WHERE e.kind = 'event'
  UNION ALL
  SELECT coalesce(f.is_replay, false), known_event_type(t.event_type)
  FROM tail_lines AS t LEFT JOIN replay_flags AS f USING (file_idx, line_no)
  WHERE t.kind = 'event'
),
counted AS (
  SELECT count(*) FILTER (is_replay) AS replayed,
         count(*) FILTER (NOT is_replay AND NOT known) AS unknown_event_types,
         count(*) FILTER (NOT is_replay AND known) AS events
  FROM ev
),
problems AS (
  SELECT kind, count(*) AS n FROM (
    SELECT kind FROM cache.all_lines WHERE kind <> 'event'
    UNION ALL SELECT kind FROM tail_lines WHERE kind <> 'event') GROUP BY kind
)
SELECT CAST((SELECT coalesce(sum(lines_done), 0) FROM cache.files) + (SELECT count(*) FROM tail_lines) AS BIGINT) AS lines,
       coalesce((SELECT n FROM problems WHERE kind = 'blank'), 0) AS blank,
       coalesce((SELECT n FROM problems WHERE kind = 'malformed'), 0) AS malformed,
       coalesce((SELECT n FROM problems WHERE kind = 'truncated_tail'), 0) AS truncated_tail,
       replayed, unknown_event_types, events
FROM counted;

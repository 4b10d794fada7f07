-- input_quality: the ledger of the whole log (the stored lines plus this run's unterminated
-- last lines). Every line is exactly one of blank, malformed, truncated_tail, replayed,
-- unknown_event_types or events (accepted events of a known type).
WITH ev AS (
  -- the stored events by type (the manifest's counts: no stored line is read), the stored
  -- replays moved from kept to replayed, then the stored lines whose flag this run's
  -- replay_flags changes (out as stored, in as now), then this run's unterminated last lines
  SELECT false AS is_replay, known, n FROM cache.stored_counts WHERE kind = 'event'
  UNION ALL
  SELECT true, known_event_type(event_type), 1 FROM cache.replays
  UNION ALL
  SELECT false, known_event_type(event_type), -1 FROM cache.replays
  UNION ALL
  SELECT stored_replay, known_event_type(event_type), -1 FROM replay_flags WHERE stored_replay IS NOT NULL
  UNION ALL
  SELECT is_replay, known_event_type(event_type), 1 FROM replay_flags WHERE stored_replay IS NOT NULL
  UNION ALL
  SELECT coalesce(f.is_replay, false), known_event_type(t.event_type), 1
  FROM tail_lines AS t LEFT JOIN replay_flags AS f USING (file_idx, line_no)
  WHERE t.kind = 'event'
),
counted AS (
  SELECT CAST(coalesce(sum(n) FILTER (is_replay), 0) AS BIGINT) AS replayed,
         CAST(coalesce(sum(n) FILTER (NOT is_replay AND NOT known), 0) AS BIGINT) AS unknown_event_types,
         CAST(coalesce(sum(n) FILTER (NOT is_replay AND known), 0) AS BIGINT) AS events
  FROM ev
),
problems AS (
  SELECT kind, CAST(sum(n) AS BIGINT) AS n FROM (
    SELECT kind, n FROM cache.stored_counts WHERE kind <> 'event'
    UNION ALL SELECT kind, 1 FROM tail_lines WHERE kind <> 'event') GROUP BY kind
)
SELECT CAST((SELECT coalesce(sum(lines_done), 0) FROM cache.files) + (SELECT count(*) FROM tail_lines) AS BIGINT) AS lines,
       coalesce((SELECT n FROM problems WHERE kind = 'blank'), 0) AS blank,
       coalesce((SELECT n FROM problems WHERE kind = 'malformed'), 0) AS malformed,
       coalesce((SELECT n FROM problems WHERE kind = 'truncated_tail'), 0) AS truncated_tail,
       replayed, unknown_event_types, events
FROM counted;

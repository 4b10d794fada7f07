-- counted_events: the day and type of every accepted event of the whole log (the stored lines
-- plus this run's unterminated last lines), for day_counts.sql.
-- materialized: view
SELECT e.day, e.event_type
FROM cache.all_lines AS e LEFT JOIN replay_flags AS f USING (file_idx, line_no)
WHERE e.kind = 'event' AND NOT coalesce(f.is_replay, e.is_replay) AND known_event_type(e.event_type)
UNION ALL
SELECT t.day, t.event_type
FROM tail_lines AS t LEFT JOIN replay_flags AS f USING (file_idx, line_no)
WHERE t.kind = 'event' AND NOT coalesce(f.is_replay, false) AND known_event_type(t.event_type);

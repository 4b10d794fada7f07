-- replay_flags: the replay rule, written once. Among the lines sharing an event_id, the first in
-- reading order (file, then line: file_idx * 2^40 + line_no) keeps the event and the others are
-- replays. Only contested event_ids are ranked (usually none, so little is read): those of the
-- stored lines of refreshes after $ranked (the last whose lines were ranked; tail_lines empty
-- then; replays.sql stores the flags), or, with $ranked the last refresh, those of this run's
-- unterminated last lines (tail_lines, never stored; events.sql and the ledger read these
-- flags over the stored ones). A line appended to an earlier file, or
-- a tail line, precedes every line of the files after it.
WITH contested AS (
  SELECT event_id FROM cache.all_lines WHERE batch > $ranked AND kind = 'event' AND event_id IS NOT NULL
  UNION
  SELECT event_id FROM tail_lines WHERE kind = 'event' AND event_id IS NOT NULL
),
candidates AS (
  SELECT file_idx, line_no, event_id FROM cache.all_lines
  WHERE kind = 'event' AND event_id IN (SELECT event_id FROM contested)
  UNION ALL
  SELECT file_idx, line_no, event_id FROM tail_lines
  WHERE kind = 'event' AND event_id IN (SELECT event_id FROM contested)
),
firsts AS (
  SELECT event_id, min(file_idx * 1099511627776 + line_no) AS first_key
  FROM candidates GROUP BY event_id HAVING count(*) > 1
)
SELECT c.file_idx, c.line_no, c.event_id, c.file_idx * 1099511627776 + c.line_no <> f.first_key AS is_replay
FROM candidates AS c JOIN firsts AS f USING (event_id);

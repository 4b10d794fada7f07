-- replay_flags: the replay rule, written once. Among the lines sharing an event_id, the first in
-- reading order (file, then line: file_idx * 2^40 + line_no) keeps the event and the others are
-- replays. Only contested event_ids (contested_ids.sql; usually none is contested, so little is
-- read) are ranked: at a refresh, those of the lines it stored (ranked_replays.sql keeps the
-- flags); at a load, those of this run's unterminated last lines (tail_lines, never stored;
-- event_rows.sql and the ledger read these flags over the stored ones). $lo and $hi bound them
-- (contested_bounds.sql; cache.contested_lines: the ranked parts whose range meets them). A
-- line appended to an earlier file, or
-- a tail line, precedes every line of the files after it.
WITH candidates AS (
  -- the lines whose event_ids are the contested ones (no refresh has flagged them: not replays
  -- as stored), then the ranked lines that share one of them
  SELECT file_idx, line_no, event_id, event_type, false AS stored_replay FROM cache.unranked
  WHERE kind = 'event' AND event_id IS NOT NULL
  UNION ALL
  SELECT file_idx, line_no, event_id, event_type, NULL FROM tail_lines
  WHERE kind = 'event' AND event_id IS NOT NULL
  UNION ALL
  SELECT file_idx, line_no, event_id, event_type, is_replay AS stored_replay FROM cache.contested_lines
  WHERE kind = 'event' AND event_id BETWEEN $lo AND $hi AND event_id IN (SELECT event_id FROM contested_ids)
),
firsts AS (
  SELECT event_id, min(file_idx * 1099511627776 + line_no) AS first_key
  FROM candidates GROUP BY event_id HAVING count(*) > 1
)
-- with the line's event type and, of a stored line, the flag the store holds (the ledger counts
-- the change without reading every stored line again)
SELECT c.file_idx, c.line_no, c.event_id, c.file_idx * 1099511627776 + c.line_no <> f.first_key AS is_replay,
       c.event_type, c.stored_replay
FROM candidates AS c JOIN firsts AS f USING (event_id);

-- replays: the replay flag of every event sharing an event_id with a line whose flag is not set
-- yet (appended lines; lines whose first occurrence was removed): a line appended to an earlier
-- file can precede a later file's lines. Reading order as one key: file_idx * 2^40 + line_no.
UPDATE cache.lines AS e
SET is_replay = e.file_idx * 1099511627776 + e.line_no <> f.first_key
FROM (SELECT event_id, min(file_idx * 1099511627776 + line_no) AS first_key
      FROM cache.lines
      WHERE kind = 'event'
        AND event_id IN (SELECT event_id FROM cache.lines WHERE kind = 'event' AND is_replay IS NULL)
      GROUP BY event_id) AS f
WHERE e.kind = 'event' AND e.event_id = f.event_id;
UPDATE cache.lines SET is_replay = false WHERE kind = 'event' AND is_replay IS NULL;  -- no event_id

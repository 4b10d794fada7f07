-- replays: after an append, the replay flag of every line sharing an event_id with an appended
-- line (is_replay NULL): a line appended to an earlier file can precede a later file's lines.
-- Reading order as one BIGINT key: file_idx * 2^40 + line_no.
UPDATE event_rows AS e
SET is_replay = e.file_idx * 1099511627776 + e.line_no <> f.first_key
FROM (SELECT event_id, min(file_idx * 1099511627776 + line_no) AS first_key
      FROM event_rows
      WHERE event_id IN (SELECT event_id FROM event_rows WHERE is_replay IS NULL)
      GROUP BY event_id) AS f
WHERE e.event_id = f.event_id;
UPDATE event_rows SET is_replay = false WHERE is_replay IS NULL;  -- no event_id: never a replay

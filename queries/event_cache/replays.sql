-- replays: after refresh $batch appended lines, the replay flags of every event_id those lines
-- share with another line (usually none, so little is updated): the first line in reading order
-- (file_idx * 2^40 + line_no) keeps the event; a line appended to an earlier file can precede a
-- later file's lines.
CREATE OR REPLACE TEMP TABLE replay_groups AS
SELECT event_id, min(file_idx * 1099511627776 + line_no) AS first_key
FROM cache.all_lines
WHERE kind = 'event'
  AND event_id IN (SELECT event_id FROM cache.all_lines
                   WHERE batch = $batch AND kind = 'event' AND event_id IS NOT NULL)
GROUP BY event_id
HAVING count(*) > 1;
UPDATE cache.lines AS e SET is_replay = e.file_idx * 1099511627776 + e.line_no <> g.first_key
FROM replay_groups AS g WHERE e.kind = 'event' AND e.event_id = g.event_id;
UPDATE cache.small_lines AS e SET is_replay = e.file_idx * 1099511627776 + e.line_no <> g.first_key
FROM replay_groups AS g WHERE e.event_id = g.event_id;
DROP TABLE replay_groups;

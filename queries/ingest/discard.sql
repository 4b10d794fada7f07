-- discard: after an interrupted refresh, the lines it appended past what `files` records (and
-- lines of files no longer recorded). Events sharing an event_id with a discarded line become
-- part of refresh $batch, so replays.sql sets their flags again.
CREATE OR REPLACE TEMP TABLE discarded_ids AS
SELECT DISTINCT l.event_id FROM cache.all_lines AS l LEFT JOIN cache.files AS f USING (file_idx)
WHERE l.kind = 'event' AND (f.file_idx IS NULL OR l.line_no > f.lines_done);
UPDATE cache.lines SET is_replay = false, batch = CAST($batch AS BIGINT)
WHERE kind = 'event' AND event_id IN (SELECT event_id FROM discarded_ids);
UPDATE cache.small_lines SET is_replay = false, batch = CAST($batch AS BIGINT)
WHERE event_id IN (SELECT event_id FROM discarded_ids);
DROP TABLE discarded_ids;
DELETE FROM cache.lines AS l
WHERE NOT EXISTS (SELECT 1 FROM cache.files AS f WHERE f.file_idx = l.file_idx AND l.line_no <= f.lines_done);
DELETE FROM cache.small_lines AS l
WHERE NOT EXISTS (SELECT 1 FROM cache.files AS f WHERE f.file_idx = l.file_idx AND l.line_no <= f.lines_done);

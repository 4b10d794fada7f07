-- discard: lines an interrupted run appended past what `files` records (and files no longer
-- recorded). Events sharing an event_id with a discarded line get their flag recomputed.
UPDATE cache.lines SET is_replay = NULL
WHERE kind = 'event' AND event_id IN (
  SELECT l.event_id FROM cache.lines AS l LEFT JOIN cache.files AS f USING (file_idx)
  WHERE l.kind = 'event' AND (f.file_idx IS NULL OR l.line_no > f.lines_done));
DELETE FROM cache.lines AS l
WHERE NOT EXISTS (SELECT 1 FROM cache.files AS f WHERE f.file_idx = l.file_idx AND l.line_no <= f.lines_done);

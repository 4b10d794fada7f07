-- replays: store the replay flags replay_flags.sql ranked for the lines refresh appended.
UPDATE cache.lines AS e SET is_replay = f.is_replay
FROM replay_flags AS f
WHERE e.kind = 'event' AND e.event_id = f.event_id AND e.file_idx = f.file_idx AND e.line_no = f.line_no;
UPDATE cache.small_lines AS e SET is_replay = f.is_replay
FROM replay_flags AS f
WHERE e.event_id = f.event_id AND e.file_idx = f.file_idx AND e.line_no = f.line_no;

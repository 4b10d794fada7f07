-- ranked_replays: the stored lines that are replays once refresh has ranked its contested event_ids
-- (replay_flags.sql): those found before, except the event_ids ranked again, and those ranked now.
SELECT file_idx, line_no, event_id, event_type FROM cache.replays
WHERE event_id NOT IN (SELECT event_id FROM replay_flags)
UNION ALL
SELECT file_idx, line_no, event_id, event_type FROM replay_flags WHERE is_replay
ORDER BY file_idx, line_no

-- contested_ids: the event_ids replay_flags.sql ranks: those of the stored lines no refresh has
-- ranked yet (cache.unranked: store.py's view over the parts of refreshes after the last whose
-- lines were ranked; none at a load), and those of this run's unterminated last lines.
SELECT event_id FROM cache.unranked WHERE kind = 'event' AND event_id IS NOT NULL
UNION
SELECT event_id FROM tail_lines WHERE kind = 'event' AND event_id IS NOT NULL

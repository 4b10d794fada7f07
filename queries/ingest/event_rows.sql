-- event_rows: accepted and replayed lines in time order, the events a check of $day needs (every
-- event when $day is NULL: the direct reading), as events.sql shows them flat. `ord`
-- (event_ord, _macros.sql) orders them by time, then file, then line; each row carries it, so
-- the table's rows lie in any order.
-- row_order: any
-- D's own lines; every preflight, alert, incident and intervention (few, and read across days:
-- the last preflight before the open, incidents open since last week, maintenance windows),
-- cycles scheduled on D or in D's rolling window ($window_start: its first session, or NULL);
-- and the orders, guards and approvals on other days of the intents with an order on D
-- ($history_intents, from history_intents.sql: the safety floor looks at an intent's whole
-- history). Each is its own scan: one scan with OR would read every line's text.
WITH picked AS NOT MATERIALIZED (
  SELECT * EXCLUDE (kind, reason, batch, family)
  FROM cache.day_lines WHERE kind = 'event' AND (day = CAST($day AS DATE) OR $day IS NULL)
  UNION ALL BY NAME
  SELECT * EXCLUDE (kind, reason, batch, family)
  FROM cache.small_lines
  WHERE day <> CAST($day AS DATE)
    -- a cycle only fills the slots of D and of the earlier sessions of D's rolling window
    AND (event_type <> 'cycle' OR scheduled_day = CAST($day AS DATE)
         OR scheduled_day BETWEEN CAST($window_start AS DATE) AND CAST($day AS DATE))
  UNION ALL BY NAME
  SELECT * EXCLUDE (kind, reason, batch, family)
  FROM cache.intent_lines
  WHERE kind = 'event' AND day <> CAST($day AS DATE) AND event_type IN ('order', 'guard', 'approval')
    AND intent_id BETWEEN $intent_lo AND $intent_hi AND list_contains($history_intents, intent_id)
  UNION ALL BY NAME
  -- this run's unterminated last lines: the raw text as chunk_lines.sql would keep it
  SELECT * EXCLUDE (kind, reason, line), false AS is_replay,
         CASE WHEN $keep_text OR NOT known_event_type(event_type) THEN line END AS j
  FROM tail_lines WHERE kind = 'event'
),
-- `ord` from each event's own keys: numbering the events instead (a sort of the keys of a
-- million events and a join back to their rows) took 0.2 s more.
flagged AS NOT MATERIALIZED (
  SELECT p.* EXCLUDE (is_replay), coalesce(f.is_replay, p.is_replay) AS is_replay,
         NOT known_event_type(p.event_type) AS is_unknown_type, event_ord(p.ts, p.file_idx, p.line_no) AS ord
  FROM picked AS p LEFT JOIN replay_flags AS f USING (file_idx, line_no)
)
-- The fields only the small event types have ride in one list of one struct, NULL on every
-- other row: a million rows with two dozen NULL columns took 0.3 s more to materialize than
-- with this one (NULL lists hold no struct); events.sql unpacks it.
SELECT e.ord, e.* EXCLUDE (
         ord, scheduled_at, cycle_id, error_class, duration_ms, guard_config_hash, alert_id,
         fingerprint, state, severity, alert_class, summary, resolution, incident_id,
         failure_class, alert_ids, impacted_scope, action, reason_code, note, maintenance_id,
         start_text, end_text, scheduled_day),
       CASE WHEN small_event_type(e.event_type) THEN [struct_pack(
         scheduled_at, cycle_id, error_class, duration_ms, guard_config_hash, alert_id,
         fingerprint, state, severity, alert_class, summary, resolution, incident_id,
         failure_class, alert_ids, impacted_scope, action, reason_code, note, maintenance_id,
         start_text, end_text, scheduled_day)] END AS small
FROM flagged AS e;

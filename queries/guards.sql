-- guards: one guard's decision about one trading intent.
CREATE OR REPLACE VIEW guards AS
SELECT ord, ts, day, run_id,
       j->>'$.intent_id' AS intent_id,
       j->>'$.guard' AS guard,
       TRY_CAST(j->>'$.precedence' AS INTEGER) AS precedence,
       j->>'$.decision' AS decision
FROM accepted_events WHERE event_type = 'guard';

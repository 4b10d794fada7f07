-- approvals: an operator's answer to `require_approval`.
CREATE OR REPLACE VIEW approvals AS
SELECT ord, ts, day, run_id,
       j->>'$.intent_id' AS intent_id,
       j->>'$.decision' AS decision,
       j->>'$.operator' AS operator
FROM accepted_events WHERE event_type = 'approval';

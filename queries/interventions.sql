-- interventions: operators' decisions, with reason codes.
CREATE OR REPLACE VIEW interventions AS
SELECT ord, ts, day,
       j->>'$.action' AS action,
       j->>'$.reason_code' AS reason_code,
       j->>'$.operator' AS operator,
       j->>'$.incident_id' AS incident_id,
       j->>'$.note' AS note
FROM accepted_events WHERE event_type = 'intervention';

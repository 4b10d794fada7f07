-- approvals: an operator's answer to `require_approval`.
-- One parse per event: json_extract_string with a list of paths.
CREATE OR REPLACE VIEW approvals AS
SELECT ord, ts, day, run_id,
       f[1] AS intent_id,
       f[2] AS decision,
       f[3] AS operator
FROM (SELECT *, json_extract_string(j, ['$.intent_id', '$.decision', '$.operator']) AS f
      FROM accepted_events WHERE event_type = 'approval');

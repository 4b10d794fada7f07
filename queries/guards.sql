-- guards: one guard's decision about one trading intent.
-- One parse per event: json_extract_string with a list of paths.
CREATE OR REPLACE VIEW guards AS
SELECT ord, ts, day, run_id,
       f[1] AS intent_id,
       f[2] AS guard,
       TRY_CAST(f[3] AS INTEGER) AS precedence,
       f[4] AS decision
FROM (SELECT *, json_extract_string(j, ['$.intent_id', '$.guard', '$.precedence', '$.decision']) AS f
      FROM accepted_events WHERE event_type = 'guard');

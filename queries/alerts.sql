-- alerts: alert state changes (an instance is one alert_id).
-- One parse per event: json_extract_string with a list of paths.
CREATE OR REPLACE VIEW alerts AS
SELECT ord, ts, day,
       f[1] AS alert_id,
       f[2] AS fingerprint,
       f[3] AS state,
       f[4] AS severity,
       f[5] AS alert_class,
       f[6] AS summary,
       f[7] AS resolution
FROM (SELECT *, json_extract_string(j, ['$.alert_id', '$.fingerprint', '$.state', '$.severity', '$.alert_class', '$.summary', '$.resolution']) AS f
      FROM accepted_events WHERE event_type = 'alert');

-- alerts: alert state changes (an instance is one alert_id).
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day,
       json_str(t[1], f[1]) AS alert_id,
       json_str(t[2], f[2]) AS fingerprint,
       json_str(t[3], f[3]) AS state,
       json_str(t[4], f[4]) AS severity,
       json_str(t[5], f[5]) AS alert_class,
       json_str(t[6], f[6]) AS summary,
       json_str(t[7], f[7]) AS resolution
FROM (SELECT *, json_extract_string(j, ['$.alert_id', '$.fingerprint', '$.state', '$.severity', '$.alert_class', '$.summary', '$.resolution']) AS f,
                json_type(j, ['$.alert_id', '$.fingerprint', '$.state', '$.severity', '$.alert_class', '$.summary', '$.resolution']) AS t
      FROM accepted_events WHERE event_type = 'alert');

-- alerts: alert state changes (an instance is one alert_id).
CREATE OR REPLACE VIEW alerts AS
SELECT ord, ts, day,
       j->>'$.alert_id' AS alert_id,
       j->>'$.fingerprint' AS fingerprint,
       j->>'$.state' AS state,
       j->>'$.severity' AS severity,
       j->>'$.alert_class' AS alert_class,
       j->>'$.summary' AS summary,
       j->>'$.resolution' AS resolution
FROM accepted_events WHERE event_type = 'alert';

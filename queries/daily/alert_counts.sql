-- alert_counts: the day's alert figures: firings, duplicate firings, false positives.
SELECT (SELECT count(*) FROM alert_firings) AS fired,
       (SELECT count(*) FROM alert_firings WHERE is_duplicate) AS duplicates,
       (SELECT count(*) FROM false_positive_alerts) AS false_positives

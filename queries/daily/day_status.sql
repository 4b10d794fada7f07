-- day_status: the day's status from its reasons (contract: red if any red reason, else yellow if
-- any reason, else green).
SELECT CASE WHEN bool_or(level = 'red') THEN 'red' WHEN count(*) > 0 THEN 'yellow' ELSE 'green' END AS status
FROM status_reasons

-- cutoff: what a run may see of the log. A check of D sees it as of the end of D (events at or
-- after 00:00 KST of the next day do not exist for it, so D's artifact does not change when the
-- log grows); an intraday run as of its as-of time. Both NULL when nothing is cut (the ingest
-- summary reads the whole log). accepted_events reads it.
-- materialized: table
SELECT CAST($as_of AS TIMESTAMP) AS as_of,
       CAST(CAST($day AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY AS day_end;

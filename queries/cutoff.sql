-- cutoff: the "as of" time of an intraday run (NULL for the final, post-close check). Events
-- after it do not exist for the run; accepted_events reads it.
CREATE OR REPLACE TABLE cutoff AS SELECT CAST($as_of AS TIMESTAMP) AS as_of;

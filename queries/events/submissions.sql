-- submissions: order events with status `submitted`.
-- materialized: view (in a check too: read once per table it feeds)
SELECT * FROM orders WHERE status = 'submitted';

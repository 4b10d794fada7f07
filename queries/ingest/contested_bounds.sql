-- contested_bounds (a value, for replay_flags.sql): the smallest and the largest contested
-- event_id. Bound as constants, they let the scan of the stored lines skip every Parquet row
-- group whose event_ids lie outside (ids written in order, as most writers do, cluster by day).
-- materialized: value
SELECT [min(event_id), max(event_id)] FROM contested_ids

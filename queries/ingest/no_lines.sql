-- no_lines: no stored line, with the columns the Parquet parts have as store.py reads them
-- (chunk_lines', the partitions day and family last): cache.parts before the first chunk.
SELECT * EXCLUDE (day, family), day, family FROM chunk_lines LIMIT 0

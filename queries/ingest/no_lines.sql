-- no_lines: no stored line, with the columns and types of chunk_lines as the Parquet parts are
-- read (the partitions day and family last): what store.py writes to columns.parquet once per
-- store, the full set of columns under which every family's parts are read by name.
SELECT * EXCLUDE (day, family), day, family FROM chunk_lines LIMIT 0

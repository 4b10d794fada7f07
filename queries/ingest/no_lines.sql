-- no_lines: no stored line, with the columns and types of chunk_lines as the Parquet parts are
-- read (the partitions day and family last): what store.py writes to columns.parquet once per
-- store, the full set of columns under which every family's parts are read by name (the small
-- fields unpacked, as the small family's files hold them).
SELECT * EXCLUDE (small, scheduled_day, batch, j, day, family), unnest(small[1]), scheduled_day, batch, j, day, family
FROM chunk_lines LIMIT 0

-- The event store's catalog (run with the attached `cache` database as the default catalog):
-- what store.py reads of its manifest (state.json), as tables the ingest SQL can join, and the
-- views over the stored lines. `parts` is store.py's: a view over the Parquet files the
-- manifest names (hive partitions day and family) with the replay flag of events (from
-- `replays`), replaced whenever a chunk is written.
-- files: what has been parsed of each log file, in reading order, and how to recognise it.
CREATE OR REPLACE TABLE files (
  file_idx INTEGER, path VARCHAR, dev UBIGINT, ino UBIGINT,
  size_done BIGINT,    -- bytes parsed: always just after a newline
  lines_done BIGINT,   -- lines parsed
  head_sha VARCHAR,    -- sha256 of the first 64 KiB parsed
  tail_sha VARCHAR     -- sha256 of the last 64 KiB parsed
);
-- replays: the stored lines that are replays (an earlier line in reading order has their
-- event_id); ranked_replays.sql keeps it, store.py writes it beside the lines.
CREATE OR REPLACE TABLE replays (file_idx INTEGER, line_no BIGINT, event_id VARCHAR, event_type VARCHAR);
-- stored_counts: the stored lines by kind and, of events, by whether the type is known, replays
-- included (the sum of the manifest's per-part counts, part_stats.sql): the ledger's stored
-- share without reading the lines.
CREATE OR REPLACE TABLE stored_counts (kind VARCHAR, known BOOLEAN, n BIGINT);
-- all_lines: every stored line with the replay flag of events.
CREATE OR REPLACE VIEW all_lines AS SELECT * FROM parts;
-- lines: the bulk (orders, guards, approvals, unknown types) and the problems; small_lines: the
-- event types every day's check reads across days (preflights, cycles, alerts, incidents,
-- interventions, maintenance: a few thousand a day), apart so that reading them never reads the
-- bulk (family is a partition: the other files are not opened).
CREATE OR REPLACE VIEW lines AS SELECT * FROM all_lines WHERE family <> 'small';
CREATE OR REPLACE VIEW small_lines AS SELECT * FROM all_lines WHERE family = 'small';

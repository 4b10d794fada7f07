-- The event cache's tables (run with the cache database as the default catalog). The cache is
-- derived data: each log file's complete lines, parsed once by log_lines.sql and
-- parsed_lines.sql, so that a daily check parses only what was appended since the last run.
-- files: what has been parsed of each log file, in reading order, and how to recognise it.
CREATE TABLE IF NOT EXISTS files (
  file_idx INTEGER, path VARCHAR, dev UBIGINT, ino UBIGINT,
  size_done BIGINT,    -- bytes parsed: always just after a newline
  lines_done BIGINT,   -- lines parsed
  head_sha VARCHAR,    -- sha256 of the first 64 KiB parsed
  tail_sha VARCHAR     -- sha256 of the last 64 KiB parsed
);
-- lines: parsed_lines of every complete line (a line ending in a newline is never a torn
-- tail; a file's unterminated last line is parsed afresh on every run), with the replay flag of
-- events (the first line in reading order keeps an event_id; replays.sql maintains it) and the
-- refresh (batch) that appended the line. Rows past a file's lines_done are left by an
-- interrupted refresh and are discarded by the next.
CREATE TABLE IF NOT EXISTS lines (
  file_idx INTEGER, line_no BIGINT, kind VARCHAR, reason VARCHAR, ts TIMESTAMP, day DATE,
  event_type VARCHAR, event_id VARCHAR, run_id VARCHAR, mode VARCHAR, intent_id VARCHAR, scheduled_day DATE,
  is_replay BOOLEAN, batch BIGINT,
  j VARCHAR USING COMPRESSION zstd   -- JSON lines: zstd is several times smaller and faster to write
);
-- small_lines: the events every day's check reads across days (preflights, cycles, alerts,
-- incidents, interventions: a few thousand a day), apart from the bulk (orders, guards,
-- approvals, unknown types, problems) so that reading them never reads the bulk's text.
CREATE TABLE IF NOT EXISTS small_lines AS SELECT * FROM lines LIMIT 0;
-- all_lines: both, for the ledger and the replay flags.
CREATE VIEW IF NOT EXISTS all_lines AS SELECT * FROM lines UNION ALL SELECT * FROM small_lines;
-- meta: the cache's format (a cache of another format is dropped and rebuilt), the last
-- refresh, and whether it is still running or was interrupted (dirty).
CREATE TABLE IF NOT EXISTS meta (format VARCHAR, batch BIGINT, dirty BOOLEAN);

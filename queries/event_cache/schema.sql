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
-- event_rows: the lines that are events, with the columns a day's selection keys on and the
-- replay flag (first line in reading order keeps an event_id; maintained on every append).
CREATE TABLE IF NOT EXISTS event_rows (
  file_idx INTEGER, line_no BIGINT, ts TIMESTAMP, day DATE, event_type VARCHAR,
  event_id VARCHAR, run_id VARCHAR, mode VARCHAR, intent_id VARCHAR, is_replay BOOLEAN, j VARCHAR
);
-- problem_lines: blank and malformed lines (a parsed line always ends in a newline, so it is
-- never a torn tail; the unterminated last line of a file is parsed afresh on every run).
CREATE TABLE IF NOT EXISTS problem_lines (file_idx INTEGER, line_no BIGINT, kind VARCHAR, reason VARCHAR);
-- meta: the cache's format; a cache of another format is dropped and rebuilt.
CREATE TABLE IF NOT EXISTS meta (format VARCHAR);

-- log_text and bad_utf8 (DDL): what log_lines.sql splits, filled by m31.ingest.reading one piece
-- at a time: a piece is complete lines of one file (line_base = the lines before it) or a file's
-- unterminated last line. DuckDB reads UTF-8 only: a piece with undecodable bytes is stored
-- repaired, and bad_utf8 names the lines that held them.
CREATE OR REPLACE TABLE log_text (file_idx INTEGER, line_base BIGINT, content VARCHAR);
CREATE OR REPLACE TABLE bad_utf8 (file_idx INTEGER, lines BIGINT[]);

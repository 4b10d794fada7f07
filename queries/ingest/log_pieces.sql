-- log_pieces and bad_utf8 (DDL): what log_text.sql reads, filled by m31.ingest.reading: a piece
-- is complete lines of one file (line_base = the lines before it) or a file's unterminated last
-- line, handed to DuckDB as a small file (`path`). DuckDB reads UTF-8 only: a piece with
-- undecodable bytes is written repaired, and bad_utf8 names the lines that held them.
CREATE OR REPLACE TABLE log_pieces (file_idx INTEGER, line_base BIGINT, path VARCHAR);
CREATE OR REPLACE TABLE bad_utf8 (file_idx INTEGER, lines BIGINT[]);

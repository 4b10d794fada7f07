-- log_text: the direct path's input, each log file's whole text (the event cache feeds the same
-- columns one chunk of complete lines at a time, with line_base = the lines before the chunk).
CREATE OR REPLACE TABLE log_text AS
SELECT f.file_idx, CAST(0 AS BIGINT) AS line_base, r.content
FROM read_text($read_paths) AS r
JOIN log_files AS f ON f.read_path = r.filename;

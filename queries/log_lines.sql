-- log_lines: every physical line of every log file, numbered from 1 per file.
-- A file that ends without a newline has an unterminated last line (a possible torn tail).
CREATE OR REPLACE TABLE log_lines AS
WITH files AS (
  SELECT f.file_idx, f.path, r.content,
         string_split(r.content, chr(10)) AS parts,
         NOT ends_with(r.content, chr(10)) AS unterminated
  FROM read_text($read_paths) AS r
  JOIN log_files AS f ON f.read_path = r.filename
),
split AS (
  SELECT file_idx, unterminated, len(parts) AS n_parts,
         unnest(parts) AS raw_line,
         unnest(generate_series(1, len(parts))) AS line_no
  FROM files
)
SELECT file_idx,
       line_no,
       -- CRLF line ends and a byte-order mark at the start of a file are encoding, not content.
       regexp_replace(
         CASE WHEN line_no = 1 THEN ltrim(raw_line, chr(65279)) ELSE raw_line END,
         '\r$', '') AS line,
       unterminated AND line_no = n_parts AS is_unterminated_last
FROM split
-- The empty string after a final newline is not a line.
WHERE NOT (line_no = n_parts AND NOT unterminated);

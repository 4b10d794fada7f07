-- log_lines (a view: the text is split where it is read): every physical line of log_text,
-- numbered from 1 per file (line_base + position).
-- A text that ends without a newline has an unterminated last line (a possible torn tail).
-- materialized: view
WITH files AS (
  SELECT file_idx, line_base,
         string_split(content, chr(10)) AS parts,
         NOT ends_with(content, chr(10)) AS unterminated
  FROM log_text
),
split AS (
  SELECT file_idx, line_base, unterminated, len(parts) AS n_parts,
         unnest(parts) AS raw_line,
         unnest(generate_series(1, len(parts))) AS pos
  FROM files
),
unbommed AS (
  -- a byte-order mark at the start of a file is encoding, not content
  SELECT *, CASE WHEN line_base + pos = 1 THEN ltrim(raw_line, chr(65279)) ELSE raw_line END AS text
  FROM split
)
SELECT file_idx,
       line_base + pos AS line_no,
       -- so is a CRLF line end: one carriage return cut off (a slice, not a regular expression:
       -- 0.1 s per million lines)
       CASE WHEN ends_with(text, chr(13)) THEN left(text, -1) ELSE text END AS line,
       unterminated AND pos = n_parts AS is_unterminated_last
FROM unbommed
-- The empty string after a final newline is not a line.
WHERE NOT (pos = n_parts AND NOT unterminated);

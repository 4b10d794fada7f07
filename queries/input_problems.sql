-- input_problems: where each malformed line and torn tail is, and why.
CREATE OR REPLACE TABLE input_problems AS
SELECT f.path AS file, p.line_no AS line, p.kind, p.reason
FROM parsed_lines AS p JOIN log_files AS f USING (file_idx)
WHERE p.kind IN ('malformed', 'truncated_tail')
ORDER BY p.file_idx, p.line_no;

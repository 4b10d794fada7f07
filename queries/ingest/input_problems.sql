-- input_problems : where each malformed line and torn tail is, and why.
SELECT f.path AS file, p.line_no AS line, p.kind, p.reason
FROM (SELECT file_idx, line_no, kind, reason FROM cache.all_lines WHERE family = 'problem' AND kind = 'malformed'
      UNION ALL
      SELECT file_idx, line_no, kind, reason FROM tail_lines WHERE kind IN ('malformed', 'truncated_tail')) AS p
JOIN log_files AS f USING (file_idx)
ORDER BY p.file_idx, p.line_no;

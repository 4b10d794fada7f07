-- log_text (a view: each piece's file is read where log_lines.sql splits it, never copied into
-- a table): the text of every piece of log_pieces. The variable m31_pieces lists their files
-- (a table function takes its file list at bind time); reading.parse_pieces sets both.
-- materialized: view
SELECT p.file_idx, p.line_base, t.content
FROM read_text(getvariable('m31_pieces')) AS t JOIN log_pieces AS p ON p.path = t.filename

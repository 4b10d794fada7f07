-- chunk_lines: one chunk of appended complete lines, parsed (parsed_lines is a view: append.sql
-- reads it twice, so the chunk is parsed once into this table).
SELECT * FROM parsed_lines

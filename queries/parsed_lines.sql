-- parsed_lines: each line classified as blank, malformed, truncated_tail or event, with a reason.
CREATE OR REPLACE TABLE parsed_lines AS
WITH j AS (
  SELECT l.*,
         CASE WHEN l.line_no = ANY(bu.lines) THEN 'invalid UTF-8'
              WHEN NOT json_valid(l.line) THEN 'not valid JSON'
              WHEN json_type(l.line::JSON) <> 'OBJECT' THEN 'not a JSON object'
         END AS json_problem,
         regexp_full_match(l.line, '\s*') AS is_blank
  FROM log_lines AS l
  LEFT JOIN bad_utf8 AS bu USING (file_idx)
),
obj AS (
  SELECT *, CASE WHEN json_problem IS NULL AND NOT is_blank THEN line::JSON END AS j
  FROM j
),
fields AS (
  SELECT *,
         json_type(j, '$.ts') AS ts_type,
         json_type(j, '$.event_type') AS type_type,
         j->>'$.ts' AS ts_text,
         rfc3339_kst(j->>'$.ts') AS ts
  FROM obj
),
classified AS (
  SELECT *,
         CASE
           WHEN is_blank THEN NULL
           WHEN json_problem IS NOT NULL THEN json_problem
           WHEN ts_type IS NULL THEN 'missing ts'
           WHEN type_type IS NULL THEN 'missing event_type'
           WHEN type_type <> 'VARCHAR' THEN 'event_type is not a string'
           WHEN ts_type <> 'VARCHAR' THEN 'ts is not a string'
           WHEN NOT regexp_full_match(ts_text, '.*([Zz]|[+-]\d{2}:\d{2})') THEN 'ts has no UTC offset'
           WHEN ts IS NULL THEN 'ts is not a valid RFC 3339 timestamp'
         END AS problem
  FROM fields
)
SELECT file_idx, line_no, j, ts,
       CASE WHEN is_blank THEN 'blank'
            WHEN problem IS NOT NULL AND is_unterminated_last THEN 'truncated_tail'
            WHEN problem IS NOT NULL THEN 'malformed'
            ELSE 'event' END AS kind,
       problem AS reason
FROM classified;

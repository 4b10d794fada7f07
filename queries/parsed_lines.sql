-- parsed_lines: each line classified as blank, malformed, truncated_tail or event, with a reason.
-- JSON is read strictly (RFC 8259). DuckDB's parser already refuses comments, single quotes and
-- lone surrogates, but accepts a trailing comma, NaN/Infinity and a repeated key: those are
-- found on the line's skeleton (every string literal emptied, so nothing inside a string can
-- look like syntax) and, for a repeated key, on each object's own keys.
-- Each line is parsed once for its JSON types and once for the fields events.sql and the event
-- cache key on (a field of the wrong JSON type is NULL: treated as absent); the typed views take
-- the rest from `j`, the event's own text.
CREATE OR REPLACE VIEW parsed_lines AS
WITH RECURSIVE lines AS (
  SELECT l.file_idx, l.line_no, l.line, l.is_unterminated_last,
         -- blank: only spaces, tabs and carriage returns (section 2)
         regexp_full_match(l.line, '[ \t\r]*') AS is_blank,
         coalesce(l.line_no = ANY(bu.lines), false) AS is_bad_utf8
  FROM log_lines AS l
  LEFT JOIN bad_utf8 AS bu USING (file_idx)
),
typed AS (
  -- NULL when the line is not JSON at all
  SELECT *, CASE WHEN NOT is_blank AND NOT is_bad_utf8
                 THEN try(json_type(line, ['$', '$.ts', '$.event_type', '$.event_id', '$.run_id', '$.mode',
                                           '$.intent_id', '$.scheduled_at'])) END AS types
  FROM lines
),
skeletons AS (
  SELECT *, CASE WHEN types[1] = 'OBJECT' THEN regexp_replace(line, '"(?:[^"\\]|\\.)*"', '""', 'g') END AS skeleton
  FROM typed
),
-- Objects inside the object (rare in an event log): each is walked for a repeated key.
nested(file_idx, line_no, v) AS (
  SELECT file_idx, line_no, line FROM skeletons
  WHERE length(skeleton) - length(replace(skeleton, '{', '')) > 1
  UNION ALL
  SELECT file_idx, line_no,
         unnest(CASE json_type(v) WHEN 'OBJECT' THEN json_extract(v, '$.*') ELSE json_extract(v, '$[*]') END)
  FROM nested WHERE json_type(v) IN ('OBJECT', 'ARRAY')
),
nested_repeats AS (
  SELECT DISTINCT file_idx, line_no FROM nested
  WHERE json_type(v) = 'OBJECT' AND len(json_keys(v)) <> len(list_distinct(json_keys(v)))
),
fields AS (
  SELECT s.*,
         CASE WHEN types[1] = 'OBJECT'
              THEN json_extract_string(line, ['$.ts', '$.event_type', '$.event_id', '$.run_id',
                                              '$.mode', '$.intent_id', '$.scheduled_at']) END AS f,
         CASE WHEN types[1] = 'OBJECT'
              THEN (len(json_keys(line)) <> len(list_distinct(json_keys(line))) OR r.line_no IS NOT NULL) END
           AS repeats_key
  FROM skeletons AS s LEFT JOIN nested_repeats AS r USING (file_idx, line_no)
),
classified AS (
  SELECT *,
         rfc3339_kst(f[1]) AS ts,
         CASE
           WHEN is_blank THEN NULL
           WHEN is_bad_utf8 THEN 'invalid UTF-8'
           WHEN types IS NULL THEN 'not valid JSON'
           WHEN regexp_matches(skeleton, ',\s*[\]}]') THEN 'not valid JSON (trailing comma)'
           WHEN regexp_matches(skeleton, '(?i)nan|inf') THEN 'not valid JSON (NaN or Infinity)'
           WHEN types[1] <> 'OBJECT' THEN 'not a JSON object'
           WHEN repeats_key THEN 'not valid JSON (a key repeated in one object)'
           WHEN types[2] IS NULL THEN 'missing ts'
           WHEN types[3] IS NULL THEN 'missing event_type'
           WHEN types[3] <> 'VARCHAR' THEN 'event_type is not a string'
           WHEN types[2] <> 'VARCHAR' THEN 'ts is not a string'
           WHEN NOT regexp_full_match(f[1], '.*([Zz]|[+-]\d{2}:\d{2})') THEN 'ts has no UTC offset'
           WHEN rfc3339_kst(f[1]) IS NULL THEN 'ts is not a valid RFC 3339 timestamp'
         END AS problem
  FROM fields
)
SELECT file_idx, line_no,
       CASE WHEN is_blank THEN 'blank'
            WHEN problem IS NOT NULL AND is_unterminated_last THEN 'truncated_tail'
            WHEN problem IS NOT NULL THEN 'malformed'
            ELSE 'event' END AS kind,
       problem AS reason,
       CASE WHEN problem IS NULL AND NOT is_blank THEN line END AS j,
       ts, CAST(ts AS DATE) AS day,
       f[2] AS event_type, json_str(types[4], f[3]) AS event_id, json_str(types[5], f[4]) AS run_id,
       json_str(types[6], f[5]) AS mode, json_str(types[7], f[6]) AS intent_id,
       -- the day a cycle is scheduled on (the slots it can fill); the event cache selects by it
       CASE WHEN f[2] = 'cycle' THEN CAST(rfc3339_kst(json_str(types[8], f[7])) AS DATE) END AS scheduled_day
FROM classified;

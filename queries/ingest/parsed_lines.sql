-- parsed_lines: each line classified as blank, malformed, truncated_tail or event, with a reason.
-- JSON is read strictly (RFC 8259, contract 1.1): the json_* macros of _macros.sql find what
-- DuckDB's parser lets through (a trailing comma, NaN/Infinity, a repeated key).
-- Each line is parsed once for its JSON types, once for the fields events.sql and the event
-- cache key on (a field of the wrong JSON type is NULL: treated as absent) and once for its keys;
-- the typed views take the rest from `j`, the event's own text.
-- materialized: view
WITH lines AS (
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
fields AS (
  SELECT *,
         CASE WHEN types[1] = 'OBJECT'
              THEN json_extract_string(line, ['$.ts', '$.event_type', '$.event_id', '$.run_id',
                                              '$.mode', '$.intent_id', '$.scheduled_at']) END AS f,
         CASE WHEN types[1] = 'OBJECT' THEN json_keys(line) END AS keys
  FROM typed
),
timed AS (
  SELECT *, rfc3339_kst(f[1]) AS ts,
         -- the skeleton only of the few lines the cheap test picks
         CASE WHEN types[1] = 'OBJECT' AND json_suspect(line) THEN json_skeleton(line) END AS skeleton
  FROM fields
),
classified AS (
  SELECT *,
         CASE
           WHEN is_blank THEN NULL
           WHEN is_bad_utf8 THEN 'invalid UTF-8'
           WHEN types IS NULL THEN 'not valid JSON'
           WHEN types[1] <> 'OBJECT' THEN 'not a JSON object'
           WHEN json_trailing_comma(skeleton) THEN 'not valid JSON (trailing comma)'
           WHEN json_non_finite(skeleton) THEN 'not valid JSON (NaN or Infinity)'
           WHEN json_repeated_key(line, keys) THEN 'not valid JSON (a key repeated in one object)'
           WHEN types[2] IS NULL THEN 'missing ts'
           WHEN types[3] IS NULL THEN 'missing event_type'
           WHEN types[3] <> 'VARCHAR' THEN 'event_type is not a string'
           WHEN types[2] <> 'VARCHAR' THEN 'ts is not a string'
           WHEN NOT regexp_full_match(f[1], '.*([Zz]|[+-]\d{2}:\d{2})') THEN 'ts has no UTC offset'
           WHEN ts IS NULL THEN 'ts is not a valid RFC 3339 timestamp'
         END AS problem
  FROM timed
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

-- parsed_lines: each line classified as blank, malformed, truncated_tail or event, with a reason,
-- and every field the contract's event types use as a typed column: the only JSON parse of a
-- line (the typed views of queries/events read these columns). JSON is read strictly (RFC 8259,
-- contract 1.1): the json_* macros of _macros.sql find what DuckDB's parser lets through (a
-- trailing comma, NaN/Infinity, a repeated key). A field of the wrong JSON type is NULL (treated
-- as absent). `line` is the raw text; the store keeps it only where it is shown (append.sql).
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
  -- t: the JSON type of each field, t[37] the line's own (NULL when the line is not JSON at all)
  SELECT *, CASE WHEN NOT is_blank AND NOT is_bad_utf8
                 THEN try(json_type(line, [
                   '$.ts', '$.event_type', '$.event_id', '$.run_id', '$.mode', '$.intent_id',     -- 1-6
                   '$.scheduled_at', '$.cycle_id', '$.status', '$.error_class', '$.duration_ms',  -- 7-11
                   '$.order_id', '$.broker_env', '$.latency_ms', '$.guard', '$.precedence',       -- 12-16
                   '$.decision', '$.operator', '$.guard_config_hash', '$.alert_id',               -- 17-20
                   '$.fingerprint', '$.state', '$.severity', '$.alert_class', '$.summary',        -- 21-25
                   '$.resolution', '$.incident_id', '$.failure_class', '$.alert_ids',             -- 26-29
                   '$.impacted_scope', '$.action', '$.reason_code', '$.note', '$.maintenance_id', -- 30-34
                   '$.start', '$.end', '$'])) END AS t                                            -- 35-37
  FROM lines
),
fields AS (
  -- f: every field's value as text, by name (json_extract_string's text: a number's digits, an
  -- object's JSON); t says whether that is the field's contract type
  SELECT *,
         CASE WHEN t[37] = 'OBJECT'
              THEN from_json(line, '{"ts": "VARCHAR", "event_type": "VARCHAR", "event_id": "VARCHAR",
                   "run_id": "VARCHAR", "mode": "VARCHAR", "intent_id": "VARCHAR",
                   "scheduled_at": "VARCHAR", "cycle_id": "VARCHAR", "status": "VARCHAR",
                   "error_class": "VARCHAR", "duration_ms": "VARCHAR", "order_id": "VARCHAR",
                   "broker_env": "VARCHAR", "latency_ms": "VARCHAR", "guard": "VARCHAR",
                   "precedence": "VARCHAR", "decision": "VARCHAR", "operator": "VARCHAR",
                   "guard_config_hash": "VARCHAR", "alert_id": "VARCHAR", "fingerprint": "VARCHAR",
                   "state": "VARCHAR", "severity": "VARCHAR", "alert_class": "VARCHAR",
                   "summary": "VARCHAR", "resolution": "VARCHAR", "incident_id": "VARCHAR",
                   "failure_class": "VARCHAR", "impacted_scope": "VARCHAR", "action": "VARCHAR",
                   "reason_code": "VARCHAR", "note": "VARCHAR", "maintenance_id": "VARCHAR",
                   "start": "VARCHAR", "end": "VARCHAR"}') END AS f,
         CASE WHEN t[37] = 'OBJECT' THEN json_keys(line) END AS keys
  FROM typed
),
timed AS (
  SELECT *, rfc3339_kst(f.ts) AS ts_kst,
         -- the skeleton only of the few lines the cheap test picks
         CASE WHEN t[37] = 'OBJECT' AND json_suspect(line) THEN json_skeleton(line) END AS skeleton
  FROM fields
),
classified AS (
  SELECT *,
         CASE
           WHEN is_blank THEN NULL
           WHEN is_bad_utf8 THEN 'invalid UTF-8'
           WHEN t IS NULL THEN 'not valid JSON'
           WHEN t[37] <> 'OBJECT' THEN 'not a JSON object'
           WHEN json_trailing_comma(skeleton) THEN 'not valid JSON (trailing comma)'
           WHEN json_non_finite(skeleton) THEN 'not valid JSON (NaN or Infinity)'
           -- a repeated key is looked for only where the keys are not each a distinct known field
           WHEN CASE WHEN len(keys) = list_aggregate(t[1:36], 'count') THEN false
                     ELSE json_repeated_key(line, keys) END THEN 'not valid JSON (a key repeated in one object)'
           WHEN t[1] IS NULL THEN 'missing ts'
           WHEN t[2] IS NULL THEN 'missing event_type'
           WHEN t[2] <> 'VARCHAR' THEN 'event_type is not a string'
           WHEN t[1] <> 'VARCHAR' THEN 'ts is not a string'
           WHEN NOT regexp_full_match(f.ts, '.*([Zz]|[+-]\d{2}:\d{2})') THEN 'ts has no UTC offset'
           WHEN ts_kst IS NULL THEN 'ts is not a valid RFC 3339 timestamp'
         END AS problem
  FROM timed
),
events AS (
  SELECT *, CASE WHEN f.event_type = 'cycle' THEN rfc3339_kst(json_str(t[7], f.scheduled_at)) END AS scheduled_kst
  FROM classified
)
SELECT file_idx, line_no,
       CASE WHEN is_blank THEN 'blank'
            WHEN problem IS NOT NULL AND is_unterminated_last THEN 'truncated_tail'
            WHEN problem IS NOT NULL THEN 'malformed'
            ELSE 'event' END AS kind,
       problem AS reason,
       ts_kst AS ts, CAST(ts_kst AS DATE) AS day,
       f.event_type AS event_type, json_str(t[3], f.event_id) AS event_id, json_str(t[4], f.run_id) AS run_id,
       json_str(t[5], f.mode) AS mode, json_str(t[6], f.intent_id) AS intent_id,
       -- cycle: when it was scheduled (the slot it can fill); the store selects by its day
       scheduled_kst AS scheduled_at, CAST(scheduled_kst AS DATE) AS scheduled_day,
       json_str(t[8], f.cycle_id) AS cycle_id, json_str(t[9], f.status) AS status,
       json_str(t[10], f.error_class) AS error_class, json_num(t[11], f.duration_ms) AS duration_ms,
       -- order
       json_str(t[12], f.order_id) AS order_id, json_str(t[13], f.broker_env) AS broker_env,
       json_num(t[14], f.latency_ms) AS latency_ms,
       -- guard, approval
       json_str(t[15], f.guard) AS guard, json_int(t[16], f.precedence) AS precedence,
       json_str(t[17], f.decision) AS decision, json_str(t[18], f.operator) AS operator,
       -- preflight
       json_str(t[19], f.guard_config_hash) AS guard_config_hash,
       -- alert, incident
       json_str(t[20], f.alert_id) AS alert_id, json_str(t[21], f.fingerprint) AS fingerprint,
       json_str(t[22], f.state) AS state, json_str(t[23], f.severity) AS severity,
       json_str(t[24], f.alert_class) AS alert_class, json_str(t[25], f.summary) AS summary,
       json_str(t[26], f.resolution) AS resolution, json_str(t[27], f.incident_id) AS incident_id,
       json_str(t[28], f.failure_class) AS failure_class,
       -- the strings of the alert_ids array (an incident's); NULL when it is absent or not an array
       CASE WHEN t[29] = 'ARRAY'
            THEN list_transform(list_filter(json_extract(line, '$.alert_ids[*]'), lambda a: json_type(a) = 'VARCHAR'),
                                lambda a: json_extract_string(a, '$')) END AS alert_ids,
       json_str(t[30], f.impacted_scope) AS impacted_scope,
       -- intervention, maintenance
       json_str(t[31], f.action) AS action, json_str(t[32], f.reason_code) AS reason_code,
       json_str(t[33], f.note) AS note, json_str(t[34], f.maintenance_id) AS maintenance_id,
       json_str(t[35], f.start) AS start_text, json_str(t[36], f."end") AS end_text,
       CASE WHEN problem IS NULL AND NOT is_blank THEN line END AS line
FROM events;

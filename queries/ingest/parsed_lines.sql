-- parsed_lines: each line classified as blank, malformed, truncated_tail or event, with a reason,
-- and every field the contract's event types use as a typed column: the only JSON parse of a
-- line (the typed views of queries/events read these columns). JSON is read strictly (RFC 8259,
-- contract 1.1): the json_* macros of _macros.sql find what DuckDB's parser lets through (a
-- trailing comma, NaN/Infinity, a repeated key). A field of the wrong JSON type is NULL (treated
-- as absent). Every line's envelope and the fields of orders, guards and approvals (the bulk of
-- a log) are read from every line; the fields only the other event types have are read only
-- from lines of those types, into the struct `small` (chunk_lines.sql and tail_lines.sql make
-- them columns). `line` is the raw text; the store keeps it only where it is shown.
-- materialized: view
WITH lines AS (
  -- log_lines: every physical line of the pieces parsed, numbered from 1 per file, split by
  -- m31.ingest.lines (a CRLF line end and a byte-order mark at the start of a file cut off)
  SELECT file_idx, line_no, line, is_unterminated_last, is_bad_utf8,
         -- blank: only spaces, tabs and carriage returns (section 2)
         regexp_full_match(line, '[ \t\r]*') AS is_blank
  FROM log_lines
),
typed AS (
  -- t: the JSON type of each field read from every line, t[15] the line's own (NULL when the
  -- line is not JSON at all)
  SELECT *, CASE WHEN NOT is_blank AND NOT is_bad_utf8
                 THEN try(json_type(line, [
                   '$.ts', '$.event_type', '$.event_id', '$.run_id', '$.mode', '$.intent_id',     -- 1-6
                   '$.order_id', '$.broker_env', '$.status', '$.latency_ms', '$.guard',           -- 7-11
                   '$.precedence', '$.decision', '$.operator', '$'])) END AS t                    -- 12-15
  FROM lines
),
fields AS (
  -- f: the same fields' values as text, by name (json_extract_string's text: a number's digits,
  -- an object's JSON); t says whether that is the field's contract type
  SELECT *,
         CASE WHEN t[15] = 'OBJECT'
              THEN from_json(line, '{"ts": "VARCHAR", "event_type": "VARCHAR", "event_id": "VARCHAR",
                   "run_id": "VARCHAR", "mode": "VARCHAR", "intent_id": "VARCHAR", "order_id": "VARCHAR",
                   "broker_env": "VARCHAR", "status": "VARCHAR", "latency_ms": "VARCHAR", "guard": "VARCHAR",
                   "precedence": "VARCHAR", "decision": "VARCHAR", "operator": "VARCHAR"}') END AS f,
         CASE WHEN t[15] = 'OBJECT' THEN json_keys(line) END AS keys
  FROM typed
),
small_typed AS (
  -- st, sf: the types and text of the fields only the small event types have, of those lines only
  SELECT *,
         CASE WHEN t[15] = 'OBJECT' AND small_event_type(f.event_type)
              THEN json_type(line, [
                '$.scheduled_at', '$.cycle_id', '$.error_class', '$.duration_ms',              -- 1-4
                '$.guard_config_hash', '$.alert_id', '$.fingerprint', '$.state', '$.severity', -- 5-9
                '$.alert_class', '$.summary', '$.resolution', '$.incident_id',                 -- 10-13
                '$.failure_class', '$.alert_ids', '$.impacted_scope', '$.action',              -- 14-17
                '$.reason_code', '$.note', '$.maintenance_id', '$.start', '$.end']) END AS st  -- 18-22
  FROM fields
),
small_fields AS (
  SELECT *,
         CASE WHEN st IS NOT NULL
              THEN from_json(line, '{"scheduled_at": "VARCHAR", "cycle_id": "VARCHAR", "error_class": "VARCHAR",
                   "duration_ms": "VARCHAR", "guard_config_hash": "VARCHAR", "alert_id": "VARCHAR",
                   "fingerprint": "VARCHAR", "state": "VARCHAR", "severity": "VARCHAR", "alert_class": "VARCHAR",
                   "summary": "VARCHAR", "resolution": "VARCHAR", "incident_id": "VARCHAR",
                   "failure_class": "VARCHAR", "impacted_scope": "VARCHAR", "action": "VARCHAR",
                   "reason_code": "VARCHAR", "note": "VARCHAR", "maintenance_id": "VARCHAR", "start": "VARCHAR",
                   "end": "VARCHAR"}') END AS sf
  FROM small_typed
),
shaped AS (
  -- keys_known: every key is a distinct known field (json_keys counts as many as json_type
  -- found), so no key repeats; flat: no known field holds an object or an array. A line both
  -- known and flat can hold a NaN or Infinity only as a number-typed field.
  SELECT *,
         len(keys) = list_aggregate(t, 'count') - 1 + coalesce(list_aggregate(st, 'count'), 0) AS keys_known,
         list_position(t, 'OBJECT') = 15 AND NOT list_contains(t, 'ARRAY')
           AND NOT coalesce(list_has_any(st, ['ARRAY', 'OBJECT']), false) AS flat
  FROM small_fields
),
timed AS (
  SELECT *, rfc3339_kst(f.ts) AS ts_kst,
         -- the skeleton only of the few lines the cheap tests pick
         CASE WHEN t[15] = 'OBJECT'
                   AND (json_comma_suspect(line)
                        OR CASE WHEN keys_known AND flat AND NOT list_contains(t, 'DOUBLE')
                                     AND NOT coalesce(list_contains(st, 'DOUBLE'), false) THEN false
                                ELSE json_nan_suspect(line) END)
              THEN json_skeleton(line) END AS skeleton
  FROM shaped
),
classified AS (
  SELECT *,
         CASE
           WHEN is_blank THEN NULL
           WHEN is_bad_utf8 THEN 'invalid UTF-8'
           WHEN t IS NULL THEN 'not valid JSON'
           WHEN t[15] <> 'OBJECT' THEN 'not a JSON object'
           WHEN json_trailing_comma(skeleton) THEN 'not valid JSON (trailing comma)'
           WHEN json_non_finite(skeleton) THEN 'not valid JSON (NaN or Infinity)'
           -- a repeated key is looked for only where the keys are not each a distinct known field
           WHEN CASE WHEN keys_known THEN false ELSE json_repeated_key(line, keys) END
             THEN 'not valid JSON (a key repeated in one object)'
           WHEN t[1] IS NULL THEN 'missing ts'
           WHEN t[2] IS NULL THEN 'missing event_type'
           WHEN t[2] <> 'VARCHAR' THEN 'event_type is not a string'
           WHEN t[1] <> 'VARCHAR' THEN 'ts is not a string'
           WHEN ts_kst IS NULL THEN CASE WHEN NOT regexp_full_match(f.ts, '.*([Zz]|[+-]\d{2}:\d{2})')
                                         THEN 'ts has no UTC offset'
                                         ELSE 'ts is not a valid RFC 3339 timestamp' END
         END AS problem
  FROM timed
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
       -- order, guard, approval (and the status of cycles and preflights, the operator of
       -- interventions and maintenance)
       json_str(t[7], f.order_id) AS order_id, json_str(t[8], f.broker_env) AS broker_env,
       json_str(t[9], f.status) AS status, json_num(t[10], f.latency_ms) AS latency_ms,
       json_str(t[11], f.guard) AS guard, json_int(t[12], f.precedence) AS precedence,
       json_str(t[13], f.decision) AS decision, json_str(t[14], f.operator) AS operator,
       CASE WHEN st IS NOT NULL THEN {
         -- cycle: when it was scheduled (the slot it can fill); the store selects by its day
         'scheduled_at': CASE WHEN f.event_type = 'cycle' THEN rfc3339_kst(json_str(st[1], sf.scheduled_at)) END,
         'cycle_id': json_str(st[2], sf.cycle_id), 'error_class': json_str(st[3], sf.error_class),
         'duration_ms': json_num(st[4], sf.duration_ms),
         -- preflight
         'guard_config_hash': json_str(st[5], sf.guard_config_hash),
         -- alert, incident
         'alert_id': json_str(st[6], sf.alert_id), 'fingerprint': json_str(st[7], sf.fingerprint),
         'state': json_str(st[8], sf.state), 'severity': json_str(st[9], sf.severity),
         'alert_class': json_str(st[10], sf.alert_class), 'summary': json_str(st[11], sf.summary),
         'resolution': json_str(st[12], sf.resolution), 'incident_id': json_str(st[13], sf.incident_id),
         'failure_class': json_str(st[14], sf.failure_class),
         -- the strings of the alert_ids array (an incident's); NULL when absent or not an array
         'alert_ids': CASE WHEN st[15] = 'ARRAY'
                           THEN list_transform(list_filter(json_extract(line, '$.alert_ids[*]'),
                                                           lambda a: json_type(a) = 'VARCHAR'),
                                               lambda a: json_extract_string(a, '$')) END,
         'impacted_scope': json_str(st[16], sf.impacted_scope),
         -- intervention, maintenance
         'action': json_str(st[17], sf.action), 'reason_code': json_str(st[18], sf.reason_code),
         'note': json_str(st[19], sf.note), 'maintenance_id': json_str(st[20], sf.maintenance_id),
         'start_text': json_str(st[21], sf.start), 'end_text': json_str(st[22], sf."end")} END AS small,
       CASE WHEN problem IS NULL AND NOT is_blank THEN line END AS line
FROM classified;

-- maintenance: planned-maintenance windows declared ahead (contract 1.1 section 8), as
-- declared at `ts`. `start_at`/`end_at` are NULL when absent or not RFC 3339 (their raw text is
-- kept for the report); the daily corrections say why such a window excludes nothing.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent).
SELECT ord, ts, day,
       json_str(t[1], f[1]) AS maintenance_id,
       json_str(t[2], f[2]) AS start_text,
       rfc3339_kst(json_str(t[2], f[2])) AS start_at,
       json_str(t[3], f[3]) AS end_text,
       rfc3339_kst(json_str(t[3], f[3])) AS end_at,
       json_str(t[4], f[4]) AS reason_code,
       json_str(t[5], f[5]) AS operator,
       json_str(t[6], f[6]) AS note
FROM (SELECT *, json_extract_string(j, ['$.maintenance_id', '$.start', '$.end', '$.reason_code', '$.operator', '$.note']) AS f,
                json_type(j, ['$.maintenance_id', '$.start', '$.end', '$.reason_code', '$.operator', '$.note']) AS t
      FROM accepted_events WHERE event_type = 'maintenance');

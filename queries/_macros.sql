-- Shared scalar macros (not a table). RFC 3339 (section 5.6) with an explicit offset, to naive
-- KST: `T`, `t` or a space between date and time; a fraction of any length (kept to the
-- microsecond, truncated, so a time never moves to the next second or day); `Z`, `z` or an
-- offset with hours 00-23 and minutes 00-59. No leap second, no 24:00, no February 30 (the
-- cast refuses a date that does not exist). KST has had no daylight saving since 1988, so a
-- fixed +9 h is exact.
CREATE OR REPLACE MACRO rfc3339_kst(s) AS
  CASE WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)')
       THEN try_cast(substr(s, 1, 10) || ' ' || substr(s, 12, 8) || left(regexp_extract(s, '\.\d+'), 7) AS TIMESTAMP)
            + to_minutes(CASE WHEN upper(right(s, 1)) = 'Z' THEN 540
                              ELSE 540 - (CASE WHEN substr(s, -6, 1) = '-' THEN -1 ELSE 1 END)
                                         * (CAST(substr(s, -5, 2) AS INTEGER) * 60 + CAST(substr(s, -2, 2) AS INTEGER))
                         END)
  END;
-- A known field's value, or NULL when its JSON type is not the contract's (a wrong type is
-- treated as absent). `t` is json_type() of the field, `v` json_extract_string() of it.
CREATE OR REPLACE MACRO json_str(t, v) AS CASE WHEN t = 'VARCHAR' THEN v END;
CREATE OR REPLACE MACRO json_num(t, v) AS CASE WHEN t IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(v AS DOUBLE) END;
CREATE OR REPLACE MACRO json_int(t, v) AS CASE WHEN t IN ('BIGINT', 'UBIGINT') THEN TRY_CAST(v AS INTEGER) END;
-- The event types the contract defines; any other is counted in the ledger, not computed on.
CREATE OR REPLACE MACRO known_event_type(t) AS
  t IN ('preflight', 'cycle', 'order', 'guard', 'approval', 'alert', 'incident', 'intervention');
-- The event types a day's check reads across days (the event cache keeps them apart).
CREATE OR REPLACE MACRO small_event_type(t) AS
  t IN ('preflight', 'cycle', 'alert', 'incident', 'intervention');

-- Shared scalar macros (not a table). RFC 3339 (section 5.6) with an explicit offset, to naive
-- KST: `T`, `t` or a space between date and time; a fraction of any length (kept to the
-- microsecond, truncated, so a time never moves to the next second or day); `Z`, `z` or an
-- offset with hours 00-23 and minutes 00-59. No leap second, no 24:00, no February 30 (the
-- cast refuses a date that does not exist). KST has had no daylight saving since 1988, so a
-- fixed +9 h is exact.
CREATE OR REPLACE MACRO rfc3339_kst(s) AS
  CASE WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)')
       -- DuckDB's own reading of the instant (it too cuts a longer fraction to the microsecond):
       -- 0.2 s per million lines less than taking the text apart, which reads the rest (a
       -- lower-case t or z; DuckDB's NULL for a date that does not exist is NULL there too).
       -- tests/test_contract_1_1.py holds both to a reading by hand.
       THEN coalesce(
         make_timestamp(epoch_us(try_cast(s AS TIMESTAMPTZ)) + 32400000000),   -- + 9 h in microseconds
         -- date and time, then the fraction (between the seconds and the offset) cut to 6 digits
         try_cast(substr(s, 1, 10) || ' ' || substr(s, 12, 8)
                  || left(substr(s, 20, length(s) - CASE WHEN upper(right(s, 1)) = 'Z' THEN 20 ELSE 25 END), 7)
                  AS TIMESTAMP)
           + to_minutes(CASE WHEN upper(right(s, 1)) = 'Z' THEN 540
                             ELSE 540 - (CASE WHEN substr(s, -6, 1) = '-' THEN -1 ELSE 1 END)
                                        * (CAST(substr(s, -5, 2) AS INTEGER) * 60 + CAST(substr(s, -2, 2) AS INTEGER))
                        END))
  END;
-- RFC 8259's refusals that DuckDB's JSON parser lets through (it refuses comments, single quotes
-- and lone surrogates itself), for a line DuckDB parsed as an object. json_comma_suspect and
-- json_nan_suspect are cheap tests of the raw line (true for every line with a trailing comma,
-- or a NaN/Infinity, and for some others); the exact tests run only where one holds, on the
-- line's skeleton: every string literal emptied, so nothing inside a string can look like syntax.
CREATE OR REPLACE MACRO json_skeleton(s) AS regexp_replace(s, '"(?:[^"\\]|\\.)*"', '""', 'g');
-- The two halves of the cheap test: the comma one is fast (it starts at a literal comma); the
-- NaN/Infinity one reads every line, so parsed_lines.sql runs it only where the JSON types leave
-- room for a non-finite number.
CREATE OR REPLACE MACRO json_comma_suspect(s) AS regexp_matches(s, ',\s*[\]}]');
CREATE OR REPLACE MACRO json_nan_suspect(s) AS regexp_matches(s, '[:,\[]\s*[+-]?[NnIi][AaNn][NnFf]');
CREATE OR REPLACE MACRO json_trailing_comma(skeleton) AS regexp_matches(skeleton, ',\s*[\]}]');
CREATE OR REPLACE MACRO json_non_finite(skeleton) AS regexp_matches(skeleton, '(?i)nan|inf');
-- A key twice in one object: the object's own keys (`keys`, json_keys of the line), then, when the
-- line holds another object, every object inside it ($..* reaches every depth). list_unique,
-- not a pairwise lambda: a macro's argument inside a lambda is evaluated again for every
-- element (json_keys of the line a dozen times: a quarter of the parse).
CREATE OR REPLACE MACRO json_keys_repeat(keys) AS list_unique(keys) < len(keys);
CREATE OR REPLACE MACRO json_repeated_key(s, keys) AS
  coalesce(json_keys_repeat(keys), false)
  OR CASE WHEN contains(substr(s, 2), '{')
          THEN coalesce(list_bool_or(list_transform(list_filter(json_extract(s, '$..*'), lambda v: json_type(v) = 'OBJECT'),
                                                    lambda v: json_keys_repeat(json_keys(v)))), false)
          ELSE false END;
-- A known field's value, or NULL when its JSON type is not the contract's (a wrong type is
-- treated as absent). `t` is json_type() of the field, `v` json_extract_string() of it.
CREATE OR REPLACE MACRO json_str(t, v) AS CASE WHEN t = 'VARCHAR' THEN v END;
CREATE OR REPLACE MACRO json_num(t, v) AS CASE WHEN t IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(v AS DOUBLE) END;
CREATE OR REPLACE MACRO json_int(t, v) AS CASE WHEN t IN ('BIGINT', 'UBIGINT') THEN TRY_CAST(v AS INTEGER) END;
-- The event types the contract defines; any other is counted in the ledger, not computed on.
CREATE OR REPLACE MACRO known_event_type(t) AS
  t IN ('preflight', 'cycle', 'order', 'guard', 'approval', 'alert', 'incident', 'intervention', 'maintenance');
-- The event types a day's check reads across days (the event cache keeps them apart).
CREATE OR REPLACE MACRO small_event_type(t) AS
  t IN ('preflight', 'cycle', 'alert', 'incident', 'intervention', 'maintenance');
-- An event's place in time order, ties broken by file, then line (contract: "latest" and "last"
-- use that order), as one number: the microsecond of ts above 64 bits, the file's index above
-- 40, the line below (a line number stays under 2^40, a file index under 2^24; any year 0-9999
-- stays inside 38 digits). Computed from the event alone, so it needs no sort of a day's events
-- and is the same in every run over the same files. DECIMAL(38,0), not HUGEINT: Parquet has no
-- 128-bit integer, and DuckDB writes a HUGEINT to it as a DOUBLE, which would merge neighbours.
CREATE OR REPLACE MACRO event_ord(ts, file_idx, line_no) AS
  CAST(CAST(epoch_us(ts) AS HUGEINT) * 18446744073709551616 + CAST(file_idx AS HUGEINT) * 1099511627776 + line_no
       AS DECIMAL(38, 0));

-- Shared scalar macros (not a table). RFC 3339 with an explicit offset, to naive KST.
-- KST has had no daylight saving since 1988, so a fixed +9 h is exact.
CREATE OR REPLACE MACRO rfc3339_kst(s) AS
  CASE WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})')
       THEN make_timestamp(epoch_us(try_cast(upper(s) AS TIMESTAMPTZ)) + 32400000000)
  END;
-- The event types the contract defines; any other is counted in the ledger, not computed on.
CREATE OR REPLACE MACRO known_event_type(t) AS
  t IN ('preflight', 'cycle', 'order', 'guard', 'approval', 'alert', 'incident', 'intervention');
-- The event types a day's check reads across days (the event cache keeps them apart).
CREATE OR REPLACE MACRO small_event_type(t) AS
  t IN ('preflight', 'cycle', 'alert', 'incident', 'intervention');

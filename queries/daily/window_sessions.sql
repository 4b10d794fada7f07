-- window_sessions: D's rolling window (contract 1.1 section 8), from its first session
-- (params.window_start: DailyInputs.window, the last rolling_sessions KRX sessions on or before
-- D and on or after go-live, which the ingest also needs) to D. Empty when window_start is NULL
-- (before go-live, or no GO signoff).
SELECT s.day, s.open, s.close
FROM sessions AS s, params AS p
WHERE s.day BETWEEN p.window_start AND p.day
ORDER BY s.day;

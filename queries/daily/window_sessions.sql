-- window_sessions: D's rolling window (contract 1.1 section 8): the last rolling_sessions KRX
-- sessions on or before D and on or after go-live (fewer when go-live is recent; none before
-- go-live, or when there is no GO signoff).
SELECT s.day, s.open, s.close
FROM sessions AS s, params AS p
WHERE s.day <= p.day AND s.day >= p.go_live
QUALIFY row_number() OVER (ORDER BY s.day DESC) <= p.rolling_sessions
ORDER BY s.day;

-- tail_lines: this run's unterminated last lines, parsed afresh on every run and never stored
-- (empty while the store refreshes: replay_flags.sql then ranks stored lines only).
SELECT * EXCLUDE (small), small.*, CAST(small.scheduled_at AS DATE) AS scheduled_day FROM parsed_lines

-- params: the review day and everything bound from outside (policy, M30 artifacts), one row.
-- Every daily query reads its parameters from here, so binding happens in one place.
SELECT CAST($day AS DATE) AS day,
       CAST(CAST($day AS DATE) AS TIMESTAMP) AS day_start,
       CAST(CAST($day AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY AS day_end,
       CAST($session_open AS TIMESTAMP) AS session_open,
       CAST($session_close AS TIMESTAMP) AS session_close,
       CAST($cycle_interval_s AS BIGINT) AS cycle_interval_s,
       CAST($availability_target AS DECIMAL(18, 9)) AS availability_target,
       CAST($latency_drift_pct AS DOUBLE) AS latency_drift_pct,
       CAST($baseline_p95_ms AS DOUBLE) AS baseline_p95_ms,
       CAST($latency_limit_ms AS DOUBLE) AS latency_limit_ms,
       CAST($flap_window_s AS BIGINT) AS flap_window_s,
       CAST($signoff_decision AS VARCHAR) AS signoff_decision,
       CAST($signoff_guard_config_hash AS VARCHAR) AS signoff_guard_config_hash,
       CAST($policy_level AS VARCHAR) AS policy_level,
       CAST($go_live AS DATE) AS go_live,
       CAST($window_start AS DATE) AS window_start,
       (SELECT as_of FROM cutoff) AS as_of;

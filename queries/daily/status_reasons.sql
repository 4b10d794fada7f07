-- status_reasons: every reason that makes D red or yellow (green when there is none).
WITH r(rule, level, reason) AS (
  SELECT 1, 'red', 'safety floor breach: duplicate_execution=' || duplicate_execution
  FROM safety_floor WHERE duplicate_execution > 0
  UNION ALL SELECT 2, 'red', 'safety floor breach: guard_precedence_violation=' || guard_precedence_violation
  FROM safety_floor WHERE guard_precedence_violation > 0
  UNION ALL SELECT 3, 'red', 'safety floor breach: mode_leakage=' || mode_leakage
  FROM safety_floor WHERE mode_leakage > 0
  UNION ALL SELECT 4, 'red', printf('availability %d/%d slots below target ', successful, scheduled) || target
  FROM availability WHERE NOT met
  UNION ALL SELECT 5, 'red', 'SEV-1 incident open: ' || incident_id FROM day_incidents WHERE severity = 'SEV-1'
  UNION ALL SELECT 6, 'red', 'preflight ' || preflight || ' at the open'
  FROM preopen WHERE preflight IS NOT NULL AND preflight <> 'pass'
  UNION ALL SELECT 7, 'red', 'guard config not aligned with the M30 signoff' FROM preopen WHERE NOT guard_config_aligned
  UNION ALL SELECT 8, 'red', 'M30 signoff decision is ' || signoff_decision FROM params WHERE signoff_decision <> 'GO'
  UNION ALL SELECT 9, 'red', 'M30 policy level is incident' FROM params WHERE policy_level = 'incident'
  UNION ALL SELECT 10, 'yellow', printf('latency p95 %.1f ms over limit %.1f ms', p95_ms, limit_ms)
  FROM latency WHERE NOT met
  UNION ALL SELECT 11, 'yellow', printf('error budget more than half consumed (%d of ', consumed_cycles)
                                || CAST(budget_cycles AS DOUBLE) || ' cycles)'
  FROM error_budget WHERE consumed_cycles * 2 > budget_cycles
  UNION ALL SELECT 12, 'yellow', printf('incident open: %s (%s)', incident_id, coalesce(severity, 'no severity'))
  FROM day_incidents
  UNION ALL SELECT 13, 'yellow', 'M30 policy level is watch' FROM params WHERE policy_level = 'watch'
  UNION ALL SELECT 14, 'yellow', malformed || ' malformed line(s) in the event log'
  FROM input_quality WHERE malformed > 0
  UNION ALL SELECT 15, 'yellow', count(*) || ' intervention(s) with a reason code not in the catalog'
  FROM day_interventions WHERE NOT known_reason_code HAVING count(*) > 0
  UNION ALL SELECT 16, 'yellow', 'missing required actions: ' || incident_id || ': ' || array_to_string(missing_actions, ', ')
  FROM day_incidents WHERE len(missing_actions) > 0
  UNION ALL SELECT 17, 'yellow', count(*) || CASE WHEN (SELECT as_of FROM params) IS NULL
                                 THEN ' unresolved alert(s) at the end of the day' ELSE ' unresolved alert(s) now' END
  FROM unresolved_alerts HAVING count(*) > 0
)
SELECT rule, level, reason FROM r ORDER BY rule, reason;

-- budget_policy: the error-budget policy's state for D (contract 1.1 section 8): `freeze` when
-- the rolling window's budget is spent (met is false): releases of the runtime and its
-- strategies stop, fixes for what spent it go on, until the window is back within target.
-- A window whose met is NULL (no session, every slot excluded) is `normal`.
SELECT CASE WHEN r.met = false THEN 'freeze' ELSE 'normal' END AS state,
       CASE
         WHEN p.go_live IS NULL THEN 'no M30 signoff with decision GO on or before ' || strftime(p.day, '%Y-%m-%d')
                                     || ': no rolling window yet'
         WHEN r.sessions = 0 THEN 'no KRX session since go-live ' || strftime(p.go_live, '%Y-%m-%d')
                                  || ': no rolling window yet'
         WHEN r.met IS NULL THEN printf('rolling window %s..%s (%d sessions): no scheduled slot (%d excluded by planned maintenance)',
                                        strftime(r.first_day, '%Y-%m-%d'), strftime(r.last_day, '%Y-%m-%d'),
                                        r.sessions, r.excluded)
         ELSE printf('rolling window %s..%s (%d sessions): %d/%d slots (%.3f%%) %s target %s; budget %s cycles, consumed %d, remaining %s',
                     strftime(r.first_day, '%Y-%m-%d'), strftime(r.last_day, '%Y-%m-%d'), r.sessions,
                     r.successful, r.scheduled, r.ratio * 100, CASE WHEN r.met THEN 'within' ELSE 'below' END,
                     CAST(r.target AS VARCHAR), CAST(CAST(r.budget_cycles AS DOUBLE) AS VARCHAR), r.consumed_cycles,
                     CAST(CAST(r.remaining_cycles AS DOUBLE) AS VARCHAR))
           || CASE WHEN r.met THEN '' ELSE ': releases stop; fixes for the failures that spent it go on' END
       END AS reason
FROM rolling AS r, params AS p;

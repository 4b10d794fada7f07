-- guard_precedence_violation: intents with a submission on D where, at or before the intent's
-- first submission, a guard said `block`, or said `require_approval` with no `approved`
-- approval at or before that submission. Evidence: one row per offending guard decision.
WITH first_submission AS (
  SELECT intent_id, min(ts) AS first_submitted_at
  FROM submissions WHERE intent_id IS NOT NULL GROUP BY intent_id
),
on_day AS (
  SELECT s.intent_id, min(s.ts) AS submitted_at
  FROM submissions AS s, params AS p
  WHERE s.day = p.day AND s.intent_id IS NOT NULL
  GROUP BY s.intent_id
)
SELECT d.intent_id, d.submitted_at, f.first_submitted_at,
       g.guard, g.precedence, g.decision, g.ts AS decided_at
FROM on_day AS d
JOIN first_submission AS f USING (intent_id)
JOIN guards AS g ON g.intent_id = d.intent_id AND g.ts <= f.first_submitted_at
WHERE g.decision = 'block'
   OR (g.decision = 'require_approval'
       AND NOT EXISTS (SELECT 1 FROM approvals AS a
                       WHERE a.intent_id = d.intent_id AND a.decision = 'approved'
                         AND a.ts <= f.first_submitted_at))
ORDER BY d.submitted_at, d.intent_id, g.ord;

-- The reference tables (DDL) the daily SQL joins, filled by m31.reference from the policy
-- (config/policy.toml), the on-call roster and the KRX calendar before a check runs.
-- severity_rank: the severity ladder, most severe first (rank 0).
CREATE OR REPLACE TABLE severity_rank (severity VARCHAR, rank INTEGER);
-- condition_classes: the severity each failure class of a condition gets.
CREATE OR REPLACE TABLE condition_classes (failure_class VARCHAR, severity VARCHAR);
-- required_actions: what each severity requires, in order, and which before the close.
CREATE OR REPLACE TABLE required_actions (severity VARCHAR, action VARCHAR, ordinal INTEGER, before_session_close BOOLEAN);
-- escalation: who is paged for each severity, in order.
CREATE OR REPLACE TABLE escalation (severity VARCHAR, role VARCHAR, ordinal INTEGER);
-- reason_codes: the intervention reason codes the policy knows.
CREATE OR REPLACE TABLE reason_codes (code VARCHAR);
-- roster: on-call rotations from their start (KST).
CREATE OR REPLACE TABLE roster (start TIMESTAMP, primary_name VARCHAR, secondary_name VARCHAR);
-- sessions: KRX sessions (open and close, KST) around the review day.
CREATE OR REPLACE TABLE sessions (day DATE, open TIMESTAMP, close TIMESTAMP);

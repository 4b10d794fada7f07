-- events: accepted and replayed lines in time order, the events a check of $day needs, with
-- every field a column (event_rows.sql keeps those only the small event types have packed).
-- materialized: view (a query that reads no small field never unpacks them)
SELECT * EXCLUDE (small, small_row), small_row.*
FROM (SELECT *, small[1] AS small_row FROM event_rows);

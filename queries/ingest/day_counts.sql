-- day_counts: accepted events per KST day and type over the whole log (the `m31 ingest`
-- summary), from counted_events.sql.
SELECT day, count(*) AS events,
       count(*) FILTER (event_type = 'cycle') AS cycles,
       count(*) FILTER (event_type = 'order') AS orders,
       count(*) FILTER (event_type = 'alert') AS alerts,
       count(*) FILTER (event_type = 'incident') AS incidents,
       count(*) FILTER (event_type = 'intervention') AS interventions
FROM counted_events GROUP BY day ORDER BY day;

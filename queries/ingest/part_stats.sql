-- part_stats: what the manifest keeps of each part chunk_lines.sql's rows make (one per day
-- and family): its lines by kind and, of events, by whether the type is known (the ledger sums
-- these instead of reading every stored line again), and the range of the columns a read is
-- bounded by (day; event_id for the replay rule; intent_id for an intent's history;
-- scheduled_day for the rolling window's cycles: a merged month of the small family spans
-- many days), so that store.py opens only the parts whose range meets
-- the bounds, as Iceberg's and Delta Lake's file statistics let a reader skip files.
WITH counted AS (
  SELECT day, family, kind, CASE WHEN kind = 'event' THEN known_event_type(event_type) END AS known,
         count(*) AS n
  FROM chunk_lines GROUP BY ALL
),
ranges AS (
  SELECT day, family, day AS day_min, day AS day_max, min(event_id) AS event_id_min, max(event_id) AS event_id_max,
         min(intent_id) AS intent_id_min, max(intent_id) AS intent_id_max,
         min(scheduled_day) AS scheduled_day_min, max(scheduled_day) AS scheduled_day_max
  FROM chunk_lines GROUP BY ALL
)
SELECT r.*, c.counts
FROM ranges AS r
JOIN (SELECT day, family, list({'kind': kind, 'known': known, 'n': n} ORDER BY kind, known) AS counts
      FROM counted GROUP BY ALL) AS c
  ON c.day IS NOT DISTINCT FROM r.day AND c.family = r.family

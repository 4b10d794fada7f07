-- bad_slots_by_class: bad slots per failure class, most first (the error budget's breakdown).
SELECT failure_class, count(*) AS n FROM bad_slots
GROUP BY failure_class ORDER BY n DESC, failure_class

-- chunk_lines: one chunk of appended complete lines, parsed (parsed_lines), as the store writes
-- them to Parquet (store.py: one file per day and family). The raw text (`j`) is kept only of
-- events of an unknown type (nothing reads their fields; the text shows what they were), or of
-- every event when $keep_text (m31 validate checks each field's JSON type). `family`: `small`
-- for the event types a day's check reads across days, `bulk` for the rest (orders, guards,
-- approvals, unknown types), `problem` for blank and malformed lines (no day). The fields only
-- the small types have stay packed in `small`, a list of one struct, NULL on the other rows (a
-- NULL list holds no struct: laying out two dozen NULL columns for every order and guard took
-- 7% of the parse); store.py unpacks them as it writes the small family.
SELECT * EXCLUDE (line, small), CASE WHEN small IS NOT NULL THEN [small] END AS small,
       CAST(small.scheduled_at AS DATE) AS scheduled_day,
       CAST($batch AS BIGINT) AS batch,
       CASE WHEN $keep_text OR NOT known_event_type(event_type) THEN line END AS j,
       CASE WHEN kind <> 'event' THEN 'problem' WHEN small_event_type(event_type) THEN 'small' ELSE 'bulk' END AS family
FROM parsed_lines

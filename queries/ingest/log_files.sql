-- log_files (DDL): the files of the event-log argument in reading order (file_idx), as named in
-- input_problems. Filled by m31.ingest.store.
CREATE OR REPLACE TABLE log_files (file_idx INTEGER, path VARCHAR);

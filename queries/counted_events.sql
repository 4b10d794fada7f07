-- counted_events (direct path): the day and type of every accepted event, for day_counts.sql.
CREATE OR REPLACE VIEW counted_events AS SELECT day, event_type FROM accepted_events;

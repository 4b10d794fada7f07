-- submissions: order events with status `submitted`.
CREATE OR REPLACE VIEW submissions AS
SELECT * FROM orders WHERE status = 'submitted';

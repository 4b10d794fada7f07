-- day_interventions: operators' decisions on D, checked against the reason-code catalog.
SELECT i.*, i.reason_code IN (SELECT code FROM reason_codes) IS TRUE AS known_reason_code
FROM interventions AS i, params AS p
WHERE i.day = p.day
ORDER BY i.ord;

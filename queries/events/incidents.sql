-- incidents: incident lifecycle events as declared in the log.
-- One parse for the values and one for their JSON types (a field of the wrong type is absent);
-- alert_ids keeps the strings of its array.
SELECT ord, ts, day,
       json_str(t[1], f[1]) AS incident_id,
       json_str(t[2], f[2]) AS state,
       json_str(t[3], f[3]) AS severity,
       json_str(t[4], f[4]) AS failure_class,
       json_str(t[5], f[5]) AS summary,
       CASE WHEN t[6] = 'ARRAY'
            THEN list_transform(list_filter(json_extract(j, '$.alert_ids[*]'), lambda a: json_type(a) = 'VARCHAR'),
                                lambda a: json_extract_string(a, '$'))
            ELSE [] END AS alert_ids,
       json_str(t[7], f[7]) AS impacted_scope
FROM (SELECT *, json_extract_string(j, ['$.incident_id', '$.state', '$.severity', '$.failure_class',
                                        '$.summary', '$.alert_ids', '$.impacted_scope']) AS f,
                json_type(j, ['$.incident_id', '$.state', '$.severity', '$.failure_class',
                              '$.summary', '$.alert_ids', '$.impacted_scope']) AS t
      FROM accepted_events WHERE event_type = 'incident');

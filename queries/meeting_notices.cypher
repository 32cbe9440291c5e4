// name: meeting_notices
// description: Các hội nghị và những văn bản nói về từng hội nghị (thông báo kết luận, biên bản, tin bài)
// param: province (tỉnh) Tỉnh của hội nghị
MATCH (m:Meeting)-[:concludedBy]->(d:Document)
WHERE size($province) = 0 OR EXISTS { MATCH (m)-[:inProvince]->(p:Province) WHERE p.uri IN $province }
OPTIONAL MATCH (m)-[:inProvince]->(pr:Province)
OPTIONAL MATCH (d)-[:hasKind]->(k:DocumentKind)
RETURN m.uri AS meeting, m.label AS meeting_label, m.meetingDate AS meeting_date,
       min(pr.label) AS province, 'concludedBy' AS link, d.uri AS document, d.label AS document_label,
       d.date_document AS document_date, min(k.uri) AS document_kind
UNION
MATCH (m:Meeting)-[:recordedIn]->(d:Document)
WHERE size($province) = 0 OR EXISTS { MATCH (m)-[:inProvince]->(p:Province) WHERE p.uri IN $province }
OPTIONAL MATCH (m)-[:inProvince]->(pr:Province)
OPTIONAL MATCH (d)-[:hasKind]->(k:DocumentKind)
RETURN m.uri AS meeting, m.label AS meeting_label, m.meetingDate AS meeting_date,
       min(pr.label) AS province, 'recordedIn' AS link, d.uri AS document, d.label AS document_label,
       d.date_document AS document_date, min(k.uri) AS document_kind
UNION
MATCH (d:Document)-[:reportsOnMeeting]->(m:Meeting)
WHERE size($province) = 0 OR EXISTS { MATCH (m)-[:inProvince]->(p:Province) WHERE p.uri IN $province }
OPTIONAL MATCH (m)-[:inProvince]->(pr:Province)
OPTIONAL MATCH (d)-[:hasKind]->(k:DocumentKind)
RETURN m.uri AS meeting, m.label AS meeting_label, m.meetingDate AS meeting_date,
       min(pr.label) AS province, 'reportsOnMeeting' AS link, d.uri AS document, d.label AS document_label,
       d.date_document AS document_date, min(k.uri) AS document_kind

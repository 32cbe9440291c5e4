// name: province_implements
// description: Văn bản Trung ương mà mỗi tỉnh triển khai hoặc trích dẫn: quan hệ và số văn bản của tỉnh trích dẫn
// param: provinces (tỉnh) Các tỉnh, cách nhau dấu phẩy (bỏ trống: mọi tỉnh)
MATCH (citing:Document)-[:inProvince]->(p:Province)
WHERE size($provinces) = 0 OR p.uri IN $provinces
MATCH (evidence:CitationEvidence)-[:citing]->(citing)
MATCH (evidence)-[:cited]->(d:Document)
WHERE d.uri STARTS WITH 'https://w3id.org/vn-directives/id/doc/vn/'
WITH p, d, evidence.relation AS relation, count(DISTINCT citing) AS citing_documents
OPTIONAL MATCH (d)-[:hasKind]->(k:DocumentKind)
RETURN p.label AS province, d.uri AS document, d.label AS label, d.id_local AS symbol, min(k.uri) AS kind,
       relation, citing_documents
ORDER BY province, label, relation

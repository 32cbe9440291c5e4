// name: province_documents
// description: Văn bản của một tỉnh (đọc được từ tệp hoặc chỉ biết qua trích dẫn), lọc theo loại và năm
// param: province (bắt buộc, tỉnh) Một hoặc nhiều tỉnh, cách nhau dấu phẩy
// param: kind (loại văn bản) Loại văn bản: tên hoặc chữ viết tắt (Nghị quyết, NQ, Thông báo, TB ...)
// param: year (số) Năm ban hành
MATCH (p:Province) WHERE p.uri IN $province
MATCH (d:Document)
WHERE (EXISTS { MATCH (d)-[:inProvince]->(p) } OR d.uri STARTS WITH (replace(p.uri, '/province/', '/doc/') + '/'))
  AND (size($kind) = 0 OR EXISTS { MATCH (d)-[:hasKind]->(wanted:DocumentKind) WHERE wanted.uri IN $kind })
  AND ($year = 0 OR d.year = $year)
OPTIONAL MATCH (d)-[:hasKind]->(k:DocumentKind)
OPTIONAL MATCH (d)-[:issuer]->(i:Organ)
RETURN p.label AS province, d.uri AS document, d.label AS label, d.id_local AS symbol, d.date_document AS date,
       d.year AS year, min(k.uri) AS kind, min(i.label) AS issuer, d.sourceFile AS source_file
ORDER BY province, date, document

// name: cited_by
// description: Những văn bản trích dẫn văn bản đã cho, trực tiếp và gián tiếp: mỗi dòng là một lần trích dẫn (document → via) với quan hệ và độ sâu; gần nhất trước, trong cùng độ sâu văn bản mới nhất trước
// param: symbol (bắt buộc, văn bản) Số ký hiệu, tên hoặc URI của văn bản
// param: province (tỉnh) Tỉnh của văn bản (khi nhiều tỉnh có cùng số ký hiệu)
// param: depth = 3 (số, tối thiểu 1, tối đa 5) Độ sâu tối đa của chuỗi trích dẫn
// param: page = 1 (số, tối thiểu 1) Trang kết quả (mỗi trang 100 cặp văn bản trích dẫn → văn bản được trích dẫn)
// page: 100 by depth, via, document (cặp trích dẫn)
// narrow: depth
// The plain text, which Neo4j runs. LadybugDB runs cited_by.cypher: the same rows in the same order,
// its join order fixed (tests/test_query_plans.py compares the two on LadybugDB).
MATCH (origin:Document) WHERE origin.uri IN $symbol
MATCH p = (origin)<-[:cites*0..4]-(via:Document) // hops: depth - 1
WITH via, min(length(p)) AS d0
WHERE d0 < $depth
MATCH (doc:Document)-[:cites]->(via)
// one page of (distance, via, citing document) pairs: nearest first, then the newest citing document
// (one cites edge per pair; WITH DISTINCT on the nodes would carry every property through: 4x slower)
WITH d0, via, doc, coalesce(doc.date_document, date('0001-01-01')) AS date_key
ORDER BY d0, date_key DESC, doc.uri, via.uri
LIMIT 100 // page
MATCH (evidence:CitationEvidence)-[:citing]->(doc)
MATCH (evidence)-[:cited]->(via)
OPTIONAL MATCH (doc)-[:hasKind]->(k:DocumentKind)
OPTIONAL MATCH (doc)-[:inProvince]->(pr:Province)
RETURN d0 + 1 AS depth, evidence.relation AS relation, doc.uri AS document, doc.label AS label,
       doc.id_local AS symbol, doc.date_document AS date, min(k.uri) AS kind, min(pr.label) AS province,
       doc.sourceFile AS source_file, via.uri AS via, via.label AS via_label
ORDER BY depth, coalesce(date, date('0001-01-01')) DESC, document, via, relation

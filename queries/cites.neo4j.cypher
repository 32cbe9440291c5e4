// name: cites
// description: Những văn bản mà văn bản đã cho trích dẫn, trực tiếp và gián tiếp: mỗi dòng là một lần trích dẫn (via → document) với quan hệ và độ sâu
// param: symbol (bắt buộc, văn bản) Số ký hiệu, tên hoặc URI của văn bản
// param: province (tỉnh) Tỉnh của văn bản (khi nhiều tỉnh có cùng số ký hiệu)
// param: depth = 3 (số, tối thiểu 1, tối đa 5) Độ sâu tối đa của chuỗi trích dẫn
// The plain text, which Neo4j runs. LadybugDB runs cites.cypher: the same rows in the same order,
// its join order fixed (tests/test_query_plans.py compares the two on LadybugDB).
MATCH (origin:Document) WHERE origin.uri IN $symbol
MATCH p = (origin)-[:cites*0..4]->(via:Document) // hops: depth - 1
WITH via, min(length(p)) AS d0
WHERE d0 < $depth
MATCH (evidence:CitationEvidence)-[:citing]->(via)
MATCH (evidence)-[:cited]->(doc:Document)
OPTIONAL MATCH (doc)-[:hasKind]->(k:DocumentKind)
OPTIONAL MATCH (doc)-[:inProvince]->(pr:Province)
RETURN d0 + 1 AS depth, evidence.relation AS relation, doc.uri AS document, doc.label AS label,
       doc.id_local AS symbol, doc.date_document AS date, min(k.uri) AS kind, min(pr.label) AS province,
       doc.sourceFile AS source_file, via.uri AS via, via.label AS via_label
ORDER BY depth, via, document, relation

// name: cited_by
// description: Những văn bản trích dẫn văn bản đã cho, trực tiếp và gián tiếp: mỗi dòng là một lần trích dẫn (document → via) với quan hệ và độ sâu; gần nhất trước, trong cùng độ sâu văn bản mới nhất trước
// param: symbol (bắt buộc, văn bản) Số ký hiệu, tên hoặc URI của văn bản
// param: province (tỉnh) Tỉnh của văn bản (khi nhiều tỉnh có cùng số ký hiệu)
// param: depth = 3 (số, tối thiểu 1, tối đa 5) Độ sâu tối đa của chuỗi trích dẫn
// param: page = 1 (số, tối thiểu 1) Trang kết quả (mỗi trang 100 cặp văn bản trích dẫn → văn bản được trích dẫn)
// page: 100 by depth, via, document (cặp trích dẫn)
// narrow: depth
// LadybugDB only (Neo4j: cited_by.neo4j.cypher). The walk and the citing documents are one MATCH whose
// join order is fixed by HINT (the walk is the build side, so the documents are read from the ones it
// reached; after a WITH the planner hash-joined every cites edge and every document). One row per
// cites edge (c) and its shortest distance d0; a walk longer than depth - 1 cannot give d0.
MATCH (origin:Document)<-[walk:cites*0..4]-(via:Document)<-[c:cites]-(doc:Document) // hops: depth - 1
WHERE origin.uri IN $symbol AND length(walk) < $depth
HINT doc JOIN (c JOIN (via JOIN (origin JOIN walk)))
WITH via, c, doc, min(length(walk)) AS d0
// one page of (distance, via, citing document) pairs: nearest first, then the newest citing document
WITH d0, via, doc, coalesce(doc.date_document, date('0001-01-01')) AS date_key
ORDER BY d0, date_key DESC, doc.uri, via.uri
LIMIT 100 // page
// the evidence of the page's pairs, walked from each citing document (a plain MATCH here was planned
// as hash joins over all the evidence)
MATCH (doc)<-[ct:citing*1..1]-(evidence:CitationEvidence)-[cv:cited]->(via)
OPTIONAL MATCH (doc)-[:hasKind]->(k:DocumentKind)
OPTIONAL MATCH (doc)-[:inProvince]->(pr:Province)
RETURN d0 + 1 AS depth, evidence.relation AS relation, doc.uri AS document, doc.label AS label,
       doc.id_local AS symbol, doc.date_document AS date, min(k.uri) AS kind, min(pr.label) AS province,
       doc.sourceFile AS source_file, via.uri AS via, via.label AS via_label
ORDER BY depth, coalesce(date, date('0001-01-01')) DESC, document, via, relation

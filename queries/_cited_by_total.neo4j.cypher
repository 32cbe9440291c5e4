// name: _cited_by_total
// description: Số cặp (văn bản trích dẫn, văn bản được trích dẫn) của cited_by ở mỗi độ sâu, để chia trang
// param: symbol (bắt buộc, văn bản) Số ký hiệu, tên hoặc URI của văn bản
// param: province (tỉnh) Tỉnh của văn bản (khi nhiều tỉnh có cùng số ký hiệu)
// param: depth = 3 (số, tối thiểu 1, tối đa 5) Độ sâu tối đa của chuỗi trích dẫn
// The plain text, which Neo4j runs. LadybugDB runs _cited_by_total.cypher: the same rows in the same order,
// its join order fixed (tests/test_query_plans.py compares the two on LadybugDB).
MATCH (origin:Document) WHERE origin.uri IN $symbol
MATCH p = (origin)<-[:cites*0..4]-(via:Document) // hops: depth - 1
WITH via, min(length(p)) AS d0
WHERE d0 < $depth
MATCH (doc:Document)-[:cites]->(via)
WITH DISTINCT via, doc, d0
RETURN d0 + 1 AS depth, count(*) AS total

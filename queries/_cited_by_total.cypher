// name: _cited_by_total
// description: Số cặp (văn bản trích dẫn, văn bản được trích dẫn) của cited_by ở mỗi độ sâu, để chia trang
// param: symbol (bắt buộc, văn bản) Số ký hiệu, tên hoặc URI của văn bản
// param: province (tỉnh) Tỉnh của văn bản (khi nhiều tỉnh có cùng số ký hiệu)
// param: depth = 3 (số, tối thiểu 1, tối đa 5) Độ sâu tối đa của chuỗi trích dẫn
// LadybugDB only (Neo4j: _cited_by_total.neo4j.cypher); the pairs of cited_by, found the same way
MATCH (origin:Document)<-[walk:cites*0..4]-(via:Document)<-[c:cites]-(doc:Document) // hops: depth - 1
WHERE origin.uri IN $symbol AND length(walk) < $depth
HINT doc JOIN (c JOIN (via JOIN (origin JOIN walk)))
WITH via, doc, min(length(walk)) AS d0
RETURN d0 + 1 AS depth, count(*) AS total

// name: cites
// description: Những văn bản mà văn bản đã cho trích dẫn, trực tiếp và gián tiếp: mỗi dòng là một lần trích dẫn (via → document) với quan hệ và độ sâu
// param: symbol (bắt buộc, văn bản) Số ký hiệu, tên hoặc URI của văn bản
// param: province (tỉnh) Tỉnh của văn bản (khi nhiều tỉnh có cùng số ký hiệu)
// param: depth = 3 (số, tối thiểu 1, tối đa 5) Độ sâu tối đa của chuỗi trích dẫn
// LadybugDB only (Neo4j: cites.neo4j.cypher). One MATCH, its join order fixed by HINT: the walk from
// the given documents is the build side, so every later step starts from the documents it reached
// (a WITH between them made the planner hash-join all citation evidence, kinds and provinces).
// Kind and province are matched as a hop of length 0 or 1 (length 0: none), the OPTIONAL MATCH they
// stand for; a walk longer than depth - 1 cannot give the shortest distance d0, so it is dropped early.
MATCH (origin:Document)-[walk:cites*0..4]->(via:Document)<-[c1:citing]-(evidence:CitationEvidence)-[c2:cited]->(doc:Document)-[hk:hasKind*0..1]->(k), // hops: depth - 1
      (doc)-[ip:inProvince*0..1]->(pr)
WHERE origin.uri IN $symbol AND length(walk) < $depth
HINT pr JOIN (ip JOIN (k JOIN (hk JOIN (doc JOIN (c2 JOIN (evidence JOIN (c1 JOIN (via JOIN (origin JOIN walk)))))))))
WITH via, evidence, doc, min(length(walk)) AS d0,
     min(CASE WHEN length(hk) = 1 AND label(k) = 'DocumentKind' THEN k.uri END) AS kind,
     min(CASE WHEN length(ip) = 1 AND label(pr) = 'Province' THEN pr.label END) AS province
RETURN d0 + 1 AS depth, evidence.relation AS relation, doc.uri AS document, doc.label AS label,
       doc.id_local AS symbol, doc.date_document AS date, min(kind) AS kind, min(province) AS province,
       doc.sourceFile AS source_file, via.uri AS via, via.label AS via_label
ORDER BY depth, via, document, relation

// name: path
// description: Đường đi ngắn nhất giữa hai thực thể (văn bản, cơ quan, nhiệm vụ, hội nghị ...) theo mọi quan hệ, không theo loại văn bản và tỉnh; mỗi dòng một đường
// param: from (bắt buộc, thực thể) URI, số ký hiệu hoặc tên của điểm đầu
// param: to (bắt buộc, thực thể) URI, số ký hiệu hoặc tên của điểm cuối
// param: max_length = 4 (số, tối thiểu 1, tối đa 4) Độ dài tối đa của đường đi
// shortest: length
// anchor: from, to
// deepen: max_length
// Neo4j: allShortestPaths, with the same filter on relationship types as path.cypher.
MATCH (a) WHERE a.uri IN $from
MATCH (b) WHERE b.uri IN $to AND b.uri <> a.uri
MATCH p = allShortestPaths((a)-[*..4]-(b))
WHERE length(p) <= $max_length AND none(r IN relationships(p) WHERE type(r) IN ['hasKind', 'inProvince'])
RETURN length(p) AS length, a.uri AS source, b.uri AS target,
       reduce(s = '', n IN nodes(p) | s + CASE WHEN s = '' THEN '' ELSE ' ' END + n.uri) AS nodes,
       reduce(s = '', r IN relationships(p) | s + CASE WHEN s = '' THEN '' ELSE ' ' END + type(r)) AS relations
ORDER BY length, source, target, nodes, relations

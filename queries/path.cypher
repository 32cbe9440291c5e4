// name: path
// description: Đường đi ngắn nhất giữa hai thực thể (văn bản, cơ quan, nhiệm vụ, hội nghị ...) theo mọi quan hệ, không theo loại văn bản và tỉnh; mỗi dòng một đường
// param: from (bắt buộc, thực thể) URI, số ký hiệu hoặc tên của điểm đầu
// param: to (bắt buộc, thực thể) URI, số ký hiệu hoặc tên của điểm cuối
// param: max_length = 4 (số, tối thiểu 1, tối đa 4) Độ dài tối đa của đường đi
// shortest: length
// anchor: from, to
// deepen: max_length
// LadybugDB: ALL SHORTEST with a filter on the relationships (the Neo4j form is in path.neo4j.cypher).
MATCH (a) WHERE a.uri IN $from
MATCH (b) WHERE b.uri IN $to AND b.uri <> a.uri
MATCH p = (a)-[e* ALL SHORTEST 1..4 (r, n | WHERE NOT label(r) IN ['hasKind', 'inProvince'])]-(b)
WHERE length(p) <= $max_length
RETURN length(p) AS length, a.uri AS source, b.uri AS target,
       list_to_string(' ', list_transform(nodes(p), x -> x.uri)) AS nodes,
       list_to_string(' ', list_transform(rels(p), x -> label(x))) AS relations
ORDER BY length, source, target, nodes, relations

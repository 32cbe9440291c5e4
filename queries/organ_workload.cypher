// name: organ_workload
// description: Số nhiệm vụ của mỗi cơ quan theo tỉnh và theo vai trò (để so sánh các tỉnh)
// param: province (tỉnh) Một hoặc nhiều tỉnh, cách nhau dấu phẩy (bỏ trống: mọi tỉnh)
MATCH (t:Task)-[:lead|coordinator|executor|reportTo|via|monitor]->(o:Organ)
WHERE size($province) = 0 OR EXISTS { MATCH (o)-[:inProvince]->(p:Province) WHERE p.uri IN $province }
WITH DISTINCT t, o
UNWIND ['lead', 'coordinator', 'executor', 'reportTo', 'via', 'monitor'] AS role
WITH t, o, role
WHERE (role = 'lead' AND EXISTS { MATCH (t)-[:lead]->(o) })
   OR (role = 'coordinator' AND EXISTS { MATCH (t)-[:coordinator]->(o) })
   OR (role = 'executor' AND EXISTS { MATCH (t)-[:executor]->(o) })
   OR (role = 'reportTo' AND EXISTS { MATCH (t)-[:reportTo]->(o) })
   OR (role = 'via' AND EXISTS { MATCH (t)-[:via]->(o) })
   OR (role = 'monitor' AND EXISTS { MATCH (t)-[:monitor]->(o) })
WITH o, role, count(DISTINCT t) AS tasks
OPTIONAL MATCH (o)-[:inProvince]->(pr:Province)
RETURN min(pr.label) AS province, o.uri AS organ, o.label AS organ_label, role, tasks
ORDER BY province, organ_label, role

// name: _organ_tasks_total
// description: Số dòng (nhiệm vụ, vai trò, cơ quan, văn bản giao) của organ_tasks, để chia trang
// param: organ (cơ quan) Tên hoặc URI của cơ quan (bỏ trống: mọi cơ quan của tỉnh)
// param: province (tỉnh) Tỉnh của cơ quan
// param: role = any (một trong any|lead|coordinator|executor|reportTo|via|monitor) Vai trò
MATCH (o:Organ)
WHERE (size($organ) = 0 OR o.uri IN $organ)
  AND (size($organ) > 0 OR size($province) = 0
       OR EXISTS { MATCH (o)-[:inProvince]->(p:Province) WHERE p.uri IN $province })
MATCH (t:Task)-[:lead|coordinator|executor|reportTo|via|monitor]->(o)
WITH DISTINCT t, o
UNWIND ['lead', 'coordinator', 'executor', 'reportTo', 'via', 'monitor'] AS role
WITH t, o, role
WHERE ($role = 'any' OR $role = role)
  AND ((role = 'lead' AND EXISTS { MATCH (t)-[:lead]->(o) })
    OR (role = 'coordinator' AND EXISTS { MATCH (t)-[:coordinator]->(o) })
    OR (role = 'executor' AND EXISTS { MATCH (t)-[:executor]->(o) })
    OR (role = 'reportTo' AND EXISTS { MATCH (t)-[:reportTo]->(o) })
    OR (role = 'via' AND EXISTS { MATCH (t)-[:via]->(o) })
    OR (role = 'monitor' AND EXISTS { MATCH (t)-[:monitor]->(o) }))
MATCH (t)-[:assignedBy]->(d:Document)
RETURN count(*) AS total

// name: _organ_tasks_total
// description: Số dòng (nhiệm vụ, vai trò, cơ quan, văn bản giao) của organ_tasks, để chia trang
// param: organ (cơ quan) Tên hoặc URI của cơ quan (bỏ trống: mọi cơ quan của tỉnh)
// param: province (tỉnh) Tỉnh của cơ quan
// param: role = any (một trong any|lead|coordinator|executor|reportTo|via|monitor) Vai trò
// Neo4j: _organ_tasks_total.neo4j.cypher; the rows of organ_tasks, found the same way
MATCH (o:Organ)<-[r:lead|coordinator|executor|reportTo|via|monitor]-(t:Task)-[a:assignedBy]->(d:Document)
WHERE o.uri IN $organ AND ($role = 'any' OR $role = label(r))
HINT d JOIN (a JOIN (t JOIN (r JOIN o)))
WITH DISTINCT t, o, label(r) AS role, a, d
RETURN count(*) AS total

// name: _organ_tasks_total
// description: Số dòng (nhiệm vụ, vai trò, cơ quan, văn bản giao) của organ_tasks, để chia trang
// param: organ (cơ quan) Tên hoặc URI của cơ quan (bỏ trống: mọi cơ quan của tỉnh)
// param: province (tỉnh) Tỉnh của cơ quan
// param: role = any (một trong any|lead|coordinator|executor|reportTo|via|monitor) Vai trò
MATCH (o:Organ)
WHERE (size($organ) = 0 OR o.uri IN $organ)
  AND (size($organ) > 0 OR size($province) = 0
       OR EXISTS { MATCH (o)-[:inProvince]->(p:Province) WHERE p.uri IN $province })
// the role is the relationship's type (LadybugDB: label(r))
MATCH (t:Task)-[r:lead|coordinator|executor|reportTo|via|monitor]->(o)
WITH DISTINCT t, o, type(r) AS role
WHERE $role = 'any' OR $role = role
MATCH (t)-[:assignedBy]->(d:Document)
RETURN count(*) AS total

// name: task_roles
// description: Chuỗi trách nhiệm của các nhiệm vụ đã cho: chủ trì, phối hợp, thực hiện, nhận báo cáo, đầu mối “qua”, theo dõi
// param: tasks (bắt buộc, danh sách) URI của các nhiệm vụ (cách nhau dấu phẩy hoặc khoảng trắng)
MATCH (t:Task)-[:lead|coordinator|executor|reportTo|via|monitor]->(o:Organ)
WHERE t.uri IN $tasks
WITH DISTINCT t, o
UNWIND ['lead', 'coordinator', 'executor', 'reportTo', 'via', 'monitor'] AS role
WITH t, o, role
WHERE (role = 'lead' AND EXISTS { MATCH (t)-[:lead]->(o) })
   OR (role = 'coordinator' AND EXISTS { MATCH (t)-[:coordinator]->(o) })
   OR (role = 'executor' AND EXISTS { MATCH (t)-[:executor]->(o) })
   OR (role = 'reportTo' AND EXISTS { MATCH (t)-[:reportTo]->(o) })
   OR (role = 'via' AND EXISTS { MATCH (t)-[:via]->(o) })
   OR (role = 'monitor' AND EXISTS { MATCH (t)-[:monitor]->(o) })
RETURN t.uri AS task, role, o.uri AS organ, o.label AS organ_label, 'OrganGroup' IN o.types AS is_group
ORDER BY task, role, organ

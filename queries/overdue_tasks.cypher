// name: overdue_tasks
// description: Nhiệm vụ quá hạn chưa hoàn thành tại một ngày, theo tỉnh và theo cơ quan chủ trì (hoặc theo dõi)
// param: province (tỉnh) Tỉnh của văn bản giao hoặc của cơ quan chủ trì
// param: organ (cơ quan) Cơ quan chủ trì (tên hoặc URI)
// param: as_of (ngày) Ngày xét (mặc định: hôm nay)
// status: overdue
MATCH (t:Task)-[:hasDeadline]->(dl:Deadline)
WHERE dl.inXSDDate IS NOT NULL
MATCH (t)-[:assignedBy]->(d:Document)
MATCH (t)-[:lead|monitor]->(o:Organ)
WHERE (size($organ) = 0 OR o.uri IN $organ)
  AND (size($province) = 0
       OR EXISTS { MATCH (d)-[:inProvince]->(p:Province) WHERE p.uri IN $province }
       OR EXISTS { MATCH (o)-[:inProvince]->(q:Province) WHERE q.uri IN $province })
WITH DISTINCT t, dl, d, o
UNWIND ['lead', 'monitor'] AS role
WITH t, dl, d, o, role
WHERE (role = 'lead' AND EXISTS { MATCH (t)-[:lead]->(o) })
   OR (role = 'monitor' AND EXISTS { MATCH (t)-[:monitor]->(o) })
OPTIONAL MATCH (d)-[:inProvince]->(pr:Province)
RETURN min(pr.label) AS province, t.uri AS task, t.taskRef AS task_ref, t.label AS task_label, role,
       o.uri AS organ, o.label AS organ_label, d.uri AS document, d.label AS document_label,
       dl.inXSDDate AS deadline, dl.deadlineText AS deadline_text, t.doneDate AS done
ORDER BY province, organ_label, deadline, task

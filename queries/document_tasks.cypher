// name: document_tasks
// description: Nhiệm vụ do văn bản giao và mọi nhiệm vụ phía sau nó (nhiệm vụ của các văn bản trích dẫn nó, đến độ sâu cho trước), mỗi dòng một cơ quan và vai trò
// param: symbol (bắt buộc, văn bản) Số ký hiệu, tên hoặc URI của văn bản
// param: province (tỉnh) Tỉnh của văn bản (khi nhiều tỉnh có cùng số ký hiệu)
// param: depth = 3 (số, tối thiểu 0, tối đa 4) Độ sâu của chuỗi văn bản trích dẫn (0: chỉ văn bản này)
// param: as_of (ngày) Tính trạng thái tại ngày này (mặc định: hôm nay)
// status: all
MATCH (origin:Document) WHERE origin.uri IN $symbol
MATCH p = (origin)<-[:cites*0..4]-(d:Document) // hops: depth
WITH d, min(length(p)) AS depth
WHERE depth <= $depth
MATCH (t:Task)-[:assignedBy]->(d)
MATCH (t)-[:lead|coordinator|executor|reportTo|via|monitor]->(o:Organ)
WITH DISTINCT depth, d, t, o
UNWIND ['lead', 'coordinator', 'executor', 'reportTo', 'via', 'monitor'] AS role
WITH depth, d, t, o, role
WHERE (role = 'lead' AND EXISTS { MATCH (t)-[:lead]->(o) })
   OR (role = 'coordinator' AND EXISTS { MATCH (t)-[:coordinator]->(o) })
   OR (role = 'executor' AND EXISTS { MATCH (t)-[:executor]->(o) })
   OR (role = 'reportTo' AND EXISTS { MATCH (t)-[:reportTo]->(o) })
   OR (role = 'via' AND EXISTS { MATCH (t)-[:via]->(o) })
   OR (role = 'monitor' AND EXISTS { MATCH (t)-[:monitor]->(o) })
OPTIONAL MATCH (t)-[:hasDeadline]->(dl:Deadline)
RETURN depth, d.uri AS document, d.label AS document_label, d.date_document AS document_date,
       t.uri AS task, t.taskRef AS task_ref, t.label AS task_label, t.taskKind AS task_kind,
       t.recurrence AS recurrence, role, o.uri AS organ, o.label AS organ_label,
       dl.inXSDDate AS deadline, dl.deadlineText AS deadline_text, dl.unresolvedReason AS deadline_reason,
       t.doneDate AS done
ORDER BY depth, document, task_ref, task, role, organ

// name: organ_tasks
// description: Nhiệm vụ của một cơ quan (chủ trì, phối hợp, thực hiện, nhận báo cáo, đầu mối “qua”, theo dõi) với thời hạn và trạng thái tại một ngày; văn bản giao mới nhất trước
// param: organ (cơ quan) Tên hoặc URI của cơ quan (bỏ trống: mọi cơ quan của tỉnh)
// param: province (tỉnh) Tỉnh của cơ quan
// param: role = any (một trong any|lead|coordinator|executor|reportTo|via|monitor) Vai trò
// param: as_of (ngày) Tính trạng thái tại ngày này (mặc định: hôm nay)
// param: page = 1 (số, tối thiểu 1) Trang kết quả (mỗi trang 100 dòng nhiệm vụ – vai trò – cơ quan)
// status: all
// page: 100 by task, role, organ (dòng nhiệm vụ – vai trò – cơ quan)
MATCH (o:Organ)
WHERE (size($organ) = 0 OR o.uri IN $organ)
  AND (size($organ) > 0 OR size($province) = 0
       OR EXISTS { MATCH (o)-[:inProvince]->(p:Province) WHERE p.uri IN $province })
// the role is the relationship's type (LadybugDB: label(r))
MATCH (t:Task)-[r:lead|coordinator|executor|reportTo|via|monitor]->(o)
WITH DISTINCT t, o, type(r) AS role
WHERE $role = 'any' OR $role = role
MATCH (t)-[:assignedBy]->(d:Document)
// one page of rows: the newest assigning document first, then the document, the task's number, the task
WITH t, o, role, d, coalesce(d.date_document, date('0001-01-01')) AS date_key, coalesce(t.taskRef, '') AS ref_key
ORDER BY date_key DESC, d.uri, ref_key, t.uri, role, o.uri
LIMIT 100 // page
OPTIONAL MATCH (o)-[:inProvince]->(op:Province)
OPTIONAL MATCH (t)-[:hasDeadline]->(dl:Deadline)
RETURN t.uri AS task, t.taskRef AS task_ref, t.label AS task_label, t.taskText AS task_text,
       t.taskKind AS task_kind,
       t.recurrence AS recurrence, role, o.uri AS organ, o.label AS organ_label, min(op.label) AS province,
       d.uri AS document, d.label AS document_label, d.date_document AS document_date,
       dl.inXSDDate AS deadline, dl.deadlineText AS deadline_text, dl.unresolvedReason AS deadline_reason,
       t.doneDate AS done
ORDER BY coalesce(document_date, date('0001-01-01')) DESC, document, coalesce(task_ref, ''), task, role, organ

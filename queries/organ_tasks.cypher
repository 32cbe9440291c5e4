// name: organ_tasks
// description: Nhiệm vụ của một cơ quan (chủ trì, phối hợp, thực hiện, nhận báo cáo, đầu mối “qua”, theo dõi) với thời hạn và trạng thái tại một ngày; văn bản giao mới nhất trước
// param: organ (cơ quan) Tên hoặc URI của cơ quan (bỏ trống: mọi cơ quan của tỉnh)
// param: province (tỉnh) Tỉnh của cơ quan
// param: role = any (một trong any|lead|coordinator|executor|reportTo|via|monitor) Vai trò
// param: as_of (ngày) Tính trạng thái tại ngày này (mặc định: hôm nay)
// param: page = 1 (số, tối thiểu 1) Trang kết quả (mỗi trang 100 dòng nhiệm vụ – vai trò – cơ quan)
// status: all
// page: 100 by task, role, organ (dòng nhiệm vụ – vai trò – cơ quan)
// Neo4j: organ_tasks.neo4j.cypher. Organ, role edge, task and assigning document are one MATCH whose
// join order HINT fixes: from the organs asked for to their tasks to the tasks' documents (a WITH
// before the document made the planner look up the document of every task in the store).
// The role is the edge's table name (one EXISTS per role and row was twice as slow).
// $organ is never empty: the runner fills it with the province's organs ("values: organ"), so no
// EXISTS on the province is evaluated for each row as in the Neo4j file.
MATCH (o:Organ)<-[r:lead|coordinator|executor|reportTo|via|monitor]-(t:Task)-[a:assignedBy]->(d:Document)
WHERE o.uri IN $organ AND ($role = 'any' OR $role = label(r))
HINT d JOIN (a JOIN (t JOIN (r JOIN o)))
// the documents of the page's rows first: each assigns at least one row, so the rows of page k are
// among the first k × 100 documents (the runner writes that LIMIT: "page end"); the rows are then
// found again from those documents only, and sorted (a sort of every row was most of the time)
WITH DISTINCT d
WITH d, coalesce(d.date_document, date('0001-01-01')) AS date_key
ORDER BY date_key DESC, d.uri
LIMIT 100 // page end
MATCH (d)<-[a:assignedBy]-(t:Task)-[r:lead|coordinator|executor|reportTo|via|monitor]->(o:Organ)
WHERE o.uri IN $organ AND ($role = 'any' OR $role = label(r))
WITH DISTINCT t, o, label(r) AS role, a, d, date_key
// one page of rows: the newest assigning document first, then the document, the task's number, the
// task, the role, the organ. The five text keys are sorted as one (joined by U+0001, below every
// character of an IRI, a task number or a role: the same order), which the engine's top-k does
// several times faster than five string keys sharing long prefixes.
WITH t, o, role, d, date_key,
     concat(d.uri, '\u0001', coalesce(t.taskRef, ''), '\u0001', t.uri, '\u0001', role, '\u0001', o.uri) AS tie_key
ORDER BY date_key DESC, tie_key
LIMIT 100 // page
// the task's texts are read for the page only, from its document (not carried through the sort)
OPTIONAL MATCH (d)<-[:assignedBy]-(task:Task)
WHERE task = t
OPTIONAL MATCH (o)-[:inProvince]->(op:Province)
OPTIONAL MATCH (t)-[:hasDeadline]->(dl:Deadline)
RETURN t.uri AS task, t.taskRef AS task_ref, task.label AS task_label, task.taskText AS task_text,
       task.taskKind AS task_kind,
       task.recurrence AS recurrence, role, o.uri AS organ, o.label AS organ_label, min(op.label) AS province,
       d.uri AS document, d.label AS document_label, d.date_document AS document_date,
       dl.inXSDDate AS deadline, dl.deadlineText AS deadline_text, dl.unresolvedReason AS deadline_reason,
       task.doneDate AS done
ORDER BY coalesce(document_date, date('0001-01-01')) DESC, document, coalesce(task_ref, ''), task, role, organ

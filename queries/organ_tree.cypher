// name: organ_tree
// description: Cơ quan cấp trên và cấp dưới (trực thuộc, partOf) và thành viên của các nhóm cơ quan (hasMember)
// param: organ (cơ quan) Tên hoặc URI của cơ quan (bỏ trống: mọi cơ quan)
// param: province (tỉnh) Tỉnh của cơ quan
MATCH (c:Organ)-[:partOf]->(pa:Organ)
WHERE (size($organ) = 0 OR pa.uri IN $organ OR c.uri IN $organ)
  AND (size($organ) > 0 OR size($province) = 0
       OR EXISTS { MATCH (pa)-[:inProvince]->(p:Province) WHERE p.uri IN $province }
       OR EXISTS { MATCH (c)-[:inProvince]->(q:Province) WHERE q.uri IN $province })
RETURN pa.uri AS parent, pa.label AS parent_label, 'partOf' AS link, c.uri AS child, c.label AS child_label
UNION
MATCH (pa:Organ)-[:hasMember]->(c:Organ)
WHERE (size($organ) = 0 OR pa.uri IN $organ OR c.uri IN $organ)
  AND (size($organ) > 0 OR size($province) = 0
       OR EXISTS { MATCH (pa)-[:inProvince]->(p:Province) WHERE p.uri IN $province }
       OR EXISTS { MATCH (c)-[:inProvince]->(q:Province) WHERE q.uri IN $province })
RETURN pa.uri AS parent, pa.label AS parent_label, 'hasMember' AS link, c.uri AS child, c.label AS child_label

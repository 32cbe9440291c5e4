// name: _organ_links
// description: Quan hệ trực thuộc (partOf) và thành viên nhóm (hasMember) giữa các cơ quan
MATCH (c:Organ)-[:partOf]->(p:Organ)
RETURN c.uri AS child, p.uri AS parent, 'partOf' AS link
UNION
MATCH (g:Organ)-[:hasMember]->(m:Organ)
RETURN m.uri AS child, g.uri AS parent, 'hasMember' AS link

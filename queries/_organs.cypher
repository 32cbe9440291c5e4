// name: _organs
// description: Các cơ quan, tên gọi và tỉnh của chúng (để tra tham số cơ quan)
MATCH (o:Organ)
OPTIONAL MATCH (o)-[:inProvince]->(p:Province)
RETURN o.uri AS organ, o.label AS name, o.prefLabel AS pref, o.altLabel AS alt, p.uri AS province

// name: _documents
// description: Văn bản theo số ký hiệu, URI hoặc tên (không phân biệt hoa thường)
// param: name (bắt buộc) Số ký hiệu, URI hoặc tên văn bản
// param: compact (bắt buộc) Số ký hiệu đã bỏ khoảng trắng
MATCH (d:Document)
WHERE toLower(d.id_local) = toLower($compact) OR toLower(d.label) = toLower($name)
OPTIONAL MATCH (d)-[:inProvince]->(p:Province)
RETURN DISTINCT d.uri AS document, p.uri AS province

// name: _entities
// description: Mọi nút có nhãn trùng tên đã cho (không phân biệt hoa thường)
// param: name (bắt buộc) Tên
MATCH (n)
WHERE toLower(n.label) = toLower($name)
RETURN DISTINCT n.uri AS node

// name: _provinces
// description: Các tỉnh và tên gọi của chúng (để tra tham số tỉnh)
MATCH (p:Province)
RETURN p.uri AS province, p.label AS name, p.prefLabel AS pref, p.altLabel AS alt

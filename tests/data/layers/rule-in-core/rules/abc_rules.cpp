// A rule family of its own: it defines ABC-001.
void register_abc_rules() { add_rules({{.id = "ABC-001", .level = "MUST"}}); }

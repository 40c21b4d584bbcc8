// The walk stops here; ABC-001 reports it.
void walk() {}

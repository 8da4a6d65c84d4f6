"""Access control and confidentiality: users, roles, scopes, the one policy table, audit of reads."""

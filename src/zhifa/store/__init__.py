"""Storage: the engine and session factory, the unit of work, migrations."""

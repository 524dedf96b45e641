"""SQL database adapter: engine, repository, Alembic migrations."""

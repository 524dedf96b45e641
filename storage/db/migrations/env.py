"""Alembic environment: runs on the engine handed over by storage.db.migrate."""

from alembic import context
from sqlmodel import SQLModel

import evidence.records  # noqa: F401  (registers the tables on SQLModel.metadata)
import evidence.records.akun  # noqa: F401
import evidence.records.siklus  # noqa: F401
import evidence.records.survei  # noqa: F401

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=SQLModel.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()

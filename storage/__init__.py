"""Persistence adapters: the SQL database (SQLModel) and the object store (local directory, S3)."""

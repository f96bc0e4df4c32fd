"""Alembic migrations: the only way the schema changes (see bot/db.py to run them)."""

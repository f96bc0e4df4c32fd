"""Alembic migrations: the only way the schema changes (see bot/store/db.py to run them)."""

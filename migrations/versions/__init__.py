"""Alembic revisions, one file each, named "<rev>_<slug>.py" with rev ids "0001", "0002"..."""

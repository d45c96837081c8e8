"""Persistence: SQLAlchemy models, engine, migrations. Imports domain, never Qt or services."""

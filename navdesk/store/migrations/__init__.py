"""Alembic migrations. Run with `navdesk.store.migrate.upgrade`, never by hand on a user's database."""

"""Alembic environment: the connection is handed in by navdesk.store.migrate."""

from __future__ import annotations

from alembic import context

import navdesk.store.models  # noqa: F401  (registers every table)
from navdesk.store.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

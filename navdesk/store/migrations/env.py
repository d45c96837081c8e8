"""Alembic environment: the connection is handed in by navdesk.store.migrate."""

from __future__ import annotations

from alembic import context

import navdesk.store.models  # noqa: F401  (registers every table)
from navdesk.store import search
from navdesk.store.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    # The person search index lives outside the models (revision 0002); autogenerate must leave it be.
    include_name=search.include_name,
    include_object=search.include_object,
)
with context.begin_transaction():
    context.run_migrations()

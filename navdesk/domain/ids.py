"""Primary keys: time-ordered UUIDs (version 7) made by navdesk, never by the database.

A travelling laptop's copy of part of the data can then be merged back without renumbering.
"""

from __future__ import annotations

import uuid

from uuid6 import uuid7


def new_id() -> uuid.UUID:
    return uuid.UUID(bytes=uuid7().bytes)

"""Filling a new municipality's service catalogue with the defaults (the municipal minimum and state services)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain.catalogue import DEFAULT_SERVICES
from navdesk.store.models import Service


def prefill_catalogue(session: Session, municipality_id: uuid.UUID, valid_from: date) -> None:
    """Add every default service marked for pre-filling that the municipality does not have yet.

    Runs inside the caller's transaction, so that a municipality and its catalogue are saved together.
    """
    existing = set(session.scalars(select(Service.code).where(Service.municipality_id == municipality_id)))
    for default in DEFAULT_SERVICES:
        if not default.prefill or default.code in existing:
            continue
        session.add(
            Service(
                municipality_id=municipality_id,
                code=default.code,
                name=default.name,
                side=default.side.value,
                legal_basis=default.legal_basis,
                is_minimum=default.is_minimum,
                processing_days=default.processing_days,
                valid_from=valid_from,
            )
        )

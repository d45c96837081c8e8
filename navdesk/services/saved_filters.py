"""Saved worklist filters: a staff member's own named views (view, filters, sort) to open in one step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from navdesk.domain.errors import Errors, NotAllowed, NotFound
from navdesk.i18n import _
from navdesk.services.actor import Actor
from navdesk.services.worklist import Filter, SortKey, View, WorklistQuery, available_views
from navdesk.store.engine import Database
from navdesk.store.models import SavedFilter

NAME_MAX = 80
MAX_SAVED = 50


@dataclass(frozen=True)
class SavedFilterItem:
    id: uuid.UUID
    name: str
    query: WorklistQuery


def _item(row: SavedFilter) -> SavedFilterItem:
    filters = [Filter(key) for key in row.filter_key.split(",")]  # several when combined
    return SavedFilterItem(row.id, row.name, WorklistQuery.combining(View(row.view), filters, SortKey(row.sort_key),
                                                                     row.descending, row.scope_id))


def saved_filters(db: Database, actor: Actor) -> tuple[SavedFilterItem, ...]:
    with db.session() as session:
        rows = session.scalars(select(SavedFilter).where(SavedFilter.staff_id == actor.staff_id)
                               .order_by(SavedFilter.name)).all()
        return tuple(_item(row) for row in rows)


def save_filter(db: Database, actor: Actor, name: str, query: WorklistQuery, *,
                now: datetime | None = None) -> SavedFilterItem:
    """Save the current worklist query under a name (the same name replaces the earlier one)."""
    views = {(choice.view, choice.scope_id) for choice in available_views(db, actor)}
    errors = Errors()
    clean = " ".join(name.split())
    if not clean:
        errors.add("name", _("This field is required."))
    elif len(clean) > NAME_MAX:
        errors.add("name", _("At most {count} characters.").format(count=NAME_MAX))
    if (query.view, query.scope_id) not in views:
        errors.add("view", _("You cannot open this view."))
    errors.raise_if_any()
    with db.session() as session:
        row = session.scalar(select(SavedFilter).where(SavedFilter.staff_id == actor.staff_id,
                                                       SavedFilter.name == clean))
        if row is None:
            count = len(session.scalars(select(SavedFilter.id).where(SavedFilter.staff_id == actor.staff_id)).all())
            if count >= MAX_SAVED:
                raise NotAllowed(_("You have {count} saved filters; delete one first.").format(count=count))
            row = SavedFilter(staff_id=actor.staff_id, name=clean, created_at=(now or datetime.now()).replace(
                tzinfo=None), view="", filter_key="", sort_key="")
            session.add(row)
        row.view, row.scope_id = query.view.value, query.scope_id
        row.filter_key = ",".join(key.value for key in query.filters)
        row.sort_key, row.descending = query.sort.value, query.descending
        session.flush()
        return _item(row)


def delete_filter(db: Database, actor: Actor, filter_id: uuid.UUID) -> None:
    with db.session() as session:
        row = session.get(SavedFilter, filter_id)
        if row is None or row.staff_id != actor.staff_id:
            raise NotFound(_("The saved filter no longer exists."))
        session.delete(row)

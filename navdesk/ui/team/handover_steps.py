"""Answering and withdrawing a handover, shared by the Team area and the card's Handovers tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from navdesk.domain.codes import Role
from navdesk.domain.errors import Conflict
from navdesk.services import handovers
from navdesk.services.handovers import HandoverItem
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.team.decline_dialog import DeclineDialog
from navdesk.ui.worker import show_error

# An answer changes who holds the person: the card, the people list and the worklist reload.
CHANGES = "person"


def may_answer(ctx: UiContext, item: HandoverItem) -> bool:
    return item.open and item.receiver_id == ctx.actor.staff_id


def may_withdraw(ctx: UiContext, item: HandoverItem) -> bool:
    return item.open and (item.sender_id == ctx.actor.staff_id or ctx.actor.has(Role.LEADER))


def accept(ctx: UiContext, item: HandoverItem, parent: QWidget, done: Callable[[HandoverItem], None]) -> None:
    db, actor = ctx.db, ctx.actor
    ctx.worker.run(lambda: handovers.accept(db, actor, item.id, item.version), while_alive(parent, done),
                   while_alive(parent, lambda error: _failed(ctx, parent, error)), changes=CHANGES, parent=parent)


def withdraw(ctx: UiContext, item: HandoverItem, parent: QWidget, done: Callable[[HandoverItem], None]) -> None:
    db, actor = ctx.db, ctx.actor
    ctx.worker.run(lambda: handovers.withdraw(db, actor, item.id, item.version), while_alive(parent, done),
                   while_alive(parent, lambda error: _failed(ctx, parent, error)), changes=CHANGES, parent=parent)


def decline(ctx: UiContext, item: HandoverItem, parent: QWidget) -> DeclineDialog:
    """Open the decline dialog (window-modal over `parent`); returned so that callers and tests can reach it."""
    dialog = DeclineDialog(ctx, item, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _failed(ctx: UiContext, parent: QWidget, error: BaseException) -> None:
    if isinstance(error, Conflict):
        # Answered or withdrawn by someone else meanwhile: every view showing it loads it again.
        ctx.worker.changed.emit(CHANGES)
        QMessageBox.information(parent, parent.window().windowTitle(), error.message)
    else:
        show_error(parent, error)

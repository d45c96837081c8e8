"""One activity: a new one of any type, an open one to edit, or a completed or cancelled one to read.

The form follows the type (`activity_form_spec`): its own fields, its date labels, the statuses it may
start in. Every error is shown next to its field and nothing is saved until all are fixed. A save on a
version someone else has changed since is refused; the dialog then lists what they changed and offers
to load their version. Completed and cancelled activities open read-only and say so: the user is told
to make a new activity, and can start one from a copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import Conflict, ValidationFailed
from navdesk.domain.plans import TEXT_MAX, ChangedBy, locked_message
from navdesk.i18n import _, format_date, format_datetime
from navdesk.services import activities, plans
from navdesk.services.plan_types import (
    ActivityCard,
    ActivityDetail,
    ActivityEdit,
    ActivityForm,
    ActivityFormSpec,
    GoalsAndMeasures,
    HistoryEntry,
)
from navdesk.ui.context import UiContext
from navdesk.ui.plans.activity_fields import LONG_TEXT_HEIGHT, DetailFields
from navdesk.ui.plans.activity_history_dialog import ActivityHistoryDialog, entry_text
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, OptionalDate, date_edit, from_qdate, select_data
from navdesk.ui.worker import show_error

DIALOG_STYLE = """
QLabel#activityNotice { background: #eceef0; color: #23262a; border-left: 4px solid #8f96a0; padding: 8px 10px; }
QFrame#activityConflict { background: #fff5e6; border: 1px solid #f0b766; border-left: 4px solid #c77300; }
QFrame#activityConflict QLabel { background: transparent; }
QLabel#activityInfo { color: #4a525c; font-size: 9pt; }
QScrollArea#activityForm, QWidget#activityBody { background: transparent; }
"""
TOP_FIELDS = {"activity_type", "kvp_programme_id"}
DEFAULT_LENGTH = timedelta(days=14)
GOAL_SHOWN = 90


@dataclass(frozen=True)
class PlanChoice:
    """Where a new activity may go: the activity plan (no programme) or a running KVP programme."""

    programme_id: uuid.UUID | None
    label: str


class ActivityDialog(QDialog):
    saved = Signal(object)  # the activity's id
    copy_requested = Signal(object)  # ActivityDetail: start a new activity from this locked one

    def __init__(self, ctx: UiContext, person_id: uuid.UUID, *, activity_id: uuid.UUID | None = None,
                 places: Sequence[PlanChoice] = (), template: ActivityDetail | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.activity_id = activity_id
        self.detail: ActivityDetail | None = None
        self.version = 0
        self.saving = False
        self.read_only = False
        self.goals: GoalsAndMeasures | None = None
        self.history: ActivityHistoryDialog | None = None
        self.fields: DetailFields | None = None
        self.spec: ActivityFormSpec | None = None
        self.wanted_goal = template.goal_id if template is not None else None  # chosen once the goals are in
        self.setStyleSheet(DIALOG_STYLE)
        self.setWindowTitle(_("New activity") if activity_id is None else _("Activity"))
        self.resize(980, 640)

        self.heading = QLabel(_("New activity") if activity_id is None else _("Loading…"))
        self.heading.setObjectName("dialogTitle")
        self.notice = QLabel()
        self.notice.setObjectName("activityNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.conflict = self._build_conflict()
        self.top = self._build_top(places)
        self.top.setVisible(activity_id is None)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("activityForm")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.info = QLabel()
        self.info.setObjectName("activityInfo")
        self.info.setWordWrap(True)

        self.buttons = self._build_buttons()
        self.history_button.setVisible(activity_id is not None)

        layout = QVBoxLayout(self)
        for widget in (self.heading, self.notice, self.conflict, self.top):
            layout.addWidget(widget)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.buttons)

        if activity_id is None:
            if template is not None:
                select_data(self.kind, template.card.activity_type, fallback=0)
            self._build(self.kind.currentData())
            if template is not None:
                self._fill_from_template(template)
            self.kind.currentIndexChanged.connect(lambda _index: self._change_kind())
            self.save_button.setEnabled(self.place.count() > 0)
            self._load_goals()
            self.kind.setFocus()
        else:
            self.save_button.setEnabled(False)
            self._load()

    # Building ------------------------------------------------------------------------------------------------

    def _build_top(self, places: Sequence[PlanChoice]) -> QWidget:
        """A new activity's type and plan, above the form that follows the type."""
        self.top_errors = FormErrors()
        self.kind = QComboBox()
        for value, text in activities.activity_types():
            self.kind.addItem(text, value)
        self.place = QComboBox()
        for choice in places:
            self.place.addItem(choice.label, choice.programme_id)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for caption, name, combo in ((_("&Kind of activity"), "activity_type", self.kind),
                                     (_("&Plan"), "kvp_programme_id", self.place)):
            caption_label = QLabel(caption)
            caption_label.setBuddy(combo)
            combo.setMinimumWidth(260)
            top.addWidget(caption_label)
            top.addWidget(self.top_errors.wrap(name, combo))
            top.addSpacing(16)
        top.addStretch(1)
        self.place.setEnabled(self.place.count() > 1)
        widget = QWidget()
        widget.setLayout(top)
        return widget

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save"))
        self.save_button.setDefault(True)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText(_("Cancel"))
        self.history_button = buttons.addButton(_("&History…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.history_button.clicked.connect(self.show_history)
        self.copy_button = buttons.addButton(_("&New activity from this…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._copy)
        self.copy_button.hide()
        for button in (self.history_button, self.copy_button, self.close_button):
            button.setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    def _build_conflict(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("activityConflict")
        self.conflict_text = QLabel()
        self.conflict_text.setWordWrap(True)
        self.conflict_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(_("&Load their version (your changes are lost)"))
        self.reload_button.setAutoDefault(False)  # Enter saves, wherever the cursor is
        self.reload_button.clicked.connect(self._load)
        box = QVBoxLayout(frame)
        box.addWidget(self.conflict_text)
        row = QHBoxLayout()
        row.addWidget(self.reload_button)
        row.addStretch(1)
        box.addLayout(row)
        frame.hide()
        return frame

    def _build(self, activity_type: str) -> None:
        """The form for one type; built again when a new activity's type changes."""
        spec = activities.activity_form_spec(activity_type)
        self.spec = spec
        self.errors = FormErrors()
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 8, 0)
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(TEXT_MAX)
        left.addRow(_("&Title") + " *", self.errors.wrap("title", self.title_edit))
        self.status = QComboBox()
        for value, text in spec.initial_statuses:
            self.status.addItem(text, value)
        self.status_label = QLabel()
        left.addRow(_("Status"), self.errors.wrap("status", self.status if self.activity_id is None
                                                  else self.status_label))
        self.from_edit = date_edit(date.today())
        left.addRow(spec.from_label + " *", self.errors.wrap("from_date", self.from_edit))
        self.to_edit: QDateEdit | OptionalDate
        if spec.dates.to_required:
            self.to_edit = date_edit(date.today() + DEFAULT_LENGTH)
            left.addRow(spec.to_label + " *", self.errors.wrap("to_date", self.to_edit))
        else:
            self.to_edit = OptionalDate(_("Set a date"))
            left.addRow(spec.to_label, self.errors.wrap("to_date", self.to_edit))
        self.agreed = QCheckBox(_("Agreed with NAV (avtalt med NAV)"))
        self.agreed_label = QLabel()
        self.agree_button = QPushButton(_("&Mark as agreed with NAV"))
        self.agree_button.setAutoDefault(False)
        self.agree_button.clicked.connect(self.mark_agreed)
        agreed_row = QWidget()
        agreed_layout = QHBoxLayout(agreed_row)
        agreed_layout.setContentsMargins(0, 0, 0, 0)
        if self.activity_id is None:
            agreed_layout.addWidget(self.agreed)
        else:
            agreed_layout.addWidget(self.agreed_label)
            agreed_layout.addWidget(self.agree_button)
        agreed_layout.addStretch(1)
        left.addRow(_("Agreed"), self.errors.wrap("agreed", agreed_row, self.agreed))
        self.by = QComboBox()
        self.by.addItem(_("NAV"), ChangedBy.NAV.value)
        self.by.addItem(_("The person (recorded by you)"), ChangedBy.PERSON.value)
        self.by.setEnabled(not spec.nav_only)
        self.by.setToolTip(_("Meetings and conversation summaries are recorded by NAV.") if spec.nav_only else "")
        left.addRow(_("Written &by") if self.activity_id is None else _("Changed &by"),
                    self.errors.wrap("by", self.by))
        self.goal = QComboBox()
        self.goal.addItem(_("No goal"), None)
        left.addRow(_("G&oal"), self.errors.wrap("goal_id", self.goal))

        right = QVBoxLayout()
        group = QGroupBox(spec.type_label)
        details = QFormLayout(group)
        details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = DetailFields(spec.fields, details, self.errors)
        right.addWidget(group)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(LONG_TEXT_HEIGHT * 2)
        description_form = QFormLayout()
        description_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        description_form.addRow(_("&Description"), self.errors.wrap("description", self.description))
        right.addLayout(description_form)
        right.addStretch(1)
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        outer = QWidget()
        outer.setObjectName("activityBody")
        outer_layout = QVBoxLayout(outer)
        outer_layout.setContentsMargins(0, 0, 0, 0)
        outer_layout.addWidget(body)
        outer_layout.addWidget(self.errors.general)
        outer_layout.addStretch(1)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(outer)
        self._fill_goals()
        self._tab_order()

    def _tab_order(self) -> None:
        """The form's order, then the buttons (they were made before the form, which is built later)."""
        assert self.fields is not None
        new = self.activity_id is None
        to_date = ([self.to_edit.enabled, self.to_edit.edit] if isinstance(self.to_edit, OptionalDate)
                   else [self.to_edit])
        chain: list[QWidget] = [self.kind, self.place] if new else []
        chain += [self.title_edit, *([self.status] if new else []), self.from_edit, *to_date,
                  self.agreed if new else self.agree_button, self.by, self.goal, *self.fields.widgets.values(),
                  self.description, self.reload_button, *self.buttons.buttons()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _change_kind(self) -> None:
        """Keep what the user typed that every type has, and show the new type's own fields."""
        kept = (self.title_edit.text(), self._from(), self._to(), self.description.toPlainText(),
                self.agreed.isChecked(), self.by.currentData(), self.goal.currentData())
        self._build(self.kind.currentData())
        title, start, end, description, agreed, by, goal = kept
        self.title_edit.setText(title)
        if start is not None:
            self.from_edit.setDate(start)
        if end is not None:
            self._set_to(end)
        self.description.setPlainText(description)
        self.agreed.setChecked(agreed)
        if self.by.isEnabled():
            select_data(self.by, by, fallback=0)
        select_data(self.goal, goal, fallback=0)

    # Values -------------------------------------------------------------------------------------------------

    def _from(self) -> date | None:
        return from_qdate(self.from_edit.date())

    def _to(self) -> date | None:
        if isinstance(self.to_edit, OptionalDate):
            return self.to_edit.value()
        return from_qdate(self.to_edit.date())

    def _set_to(self, value: date | None) -> None:
        if isinstance(self.to_edit, OptionalDate):
            self.to_edit.set_value(value)
        elif value is not None:
            self.to_edit.setDate(value)

    def _details(self) -> dict[str, object]:
        assert self.fields is not None
        return self.fields.values()

    def form(self) -> ActivityForm:
        return ActivityForm(
            activity_type=self.kind.currentData(),
            title=self.title_edit.text(),
            from_date=self._from(),
            to_date=self._to(),
            details=self._details(),
            description=self.description.toPlainText(),
            status=self.status.currentData(),
            agreed=self.agreed.isChecked(),
            goal_id=self.goal.currentData(),
            kvp_programme_id=self.place.currentData(),
            by=ChangedBy(self.by.currentData()),
        )

    def edit(self) -> ActivityEdit:
        return ActivityEdit(
            title=self.title_edit.text(),
            from_date=self._from(),
            to_date=self._to(),
            details=self._details(),
            description=self.description.toPlainText(),
            goal_id=self.goal.currentData(),
            by=ChangedBy(self.by.currentData()),
        )

    # Loading ------------------------------------------------------------------------------------------------

    def _load(self) -> None:
        db, actor, activity_id, person_id = self.ctx.db, self.ctx.actor, self.activity_id, self.person_id
        assert activity_id is not None

        def operation() -> tuple[ActivityDetail, GoalsAndMeasures]:
            return activities.get_activity(db, actor, activity_id), plans.goals_and_measures(db, actor, person_id)

        self.reload_button.setEnabled(False)
        self.ctx.worker.run(operation, while_alive(self, self._loaded), while_alive(self, self._load_failed),
                            parent=self)

    def _load_failed(self, error: BaseException) -> None:
        self.reload_button.setEnabled(True)
        show_error(self, error)

    def _loaded(self, result: tuple[ActivityDetail, GoalsAndMeasures]) -> None:
        detail, goals = result
        self.detail, self.goals, self.version = detail, goals, detail.card.version
        card = detail.card
        select_data(self.kind, card.activity_type, fallback=0)
        self._build(card.activity_type)
        assert self.fields is not None
        self.heading.setText(f"{card.type_label}: {card.title}")
        self.setWindowTitle(_("Activity: {title}").format(title=card.title))
        self.title_edit.setText(card.title)
        self.status_label.setText(card.status_label)
        if card.from_date is not None:
            self.from_edit.setDate(card.from_date)
        self._set_to(card.to_date)
        self.description.setPlainText(detail.description)
        self.fields.set_values({value.name: value.value for value in detail.details})
        self._show_agreed(card.agreed)
        select_data(self.goal, detail.goal_id, fallback=0)
        if detail.goal_id is None and detail.goal_text:
            self.goal.setItemText(0, detail.goal_text)
        self.info.setText(_("Created {created} by {creator}. Last changed {changed} by {changer}.").format(
            created=format_date(detail.created_at.date()), creator=detail.created_by or _("unknown"),
            changed=format_datetime(detail.changed_at), changer=detail.changed_by_label))
        self.conflict.hide()
        self.reload_button.setEnabled(True)
        self._set_read_only(card.locked or not card.can_change)
        if card.locked:
            reason = (_("Reason for cancelling: {reason}").format(reason=detail.cancel_reason)
                      if detail.cancel_reason else "")
            self._show_notice("\n".join(filter(None, (locked_message(), reason))))
        elif not card.can_change:
            self._show_notice(_("You may read this activity but not change it."))
        else:
            self.notice.hide()
        (self.close_button if self.read_only else self.title_edit).setFocus()

    def _show_agreed(self, agreed: bool) -> None:
        self.agreed_label.setText(_("Yes — agreed with NAV") if agreed else _("Not agreed"))
        self.agree_button.setVisible(not agreed)

    def _set_read_only(self, read_only: bool) -> None:
        assert self.fields is not None
        self.read_only = read_only
        self.title_edit.setReadOnly(read_only)
        self.description.setReadOnly(read_only)
        for widget in (self.from_edit, self.to_edit, self.goal):
            widget.setEnabled(not read_only)
        if read_only:
            self.agree_button.hide()
        self.by.setEnabled(not read_only and not (self.spec is not None and self.spec.nav_only))
        self.fields.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.save_button.setEnabled(not read_only)
        self.close_button.setText(_("Close") if read_only else _("Cancel"))
        self.copy_button.setVisible(bool(self.detail and self.detail.card.locked))

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _load_goals(self) -> None:
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        self.ctx.worker.run(lambda: plans.goals_and_measures(db, actor, person_id),
                            while_alive(self, self._goals_loaded), while_alive(self, lambda _error: None),
                            parent=self)

    def _goals_loaded(self, goals: GoalsAndMeasures) -> None:
        self.goals = goals
        self._fill_goals()

    def _fill_goals(self) -> None:
        """The goals the user may link the activity to ("enter once": the goal shows in every plan)."""
        chosen = self.goal.currentData() or self.wanted_goal
        self.goal.blockSignals(True)
        while self.goal.count() > 1:
            self.goal.removeItem(1)
        for goal in self.goals.goals if self.goals else ():
            text = goal.text if len(goal.text) <= GOAL_SHOWN else goal.text[:GOAL_SHOWN - 1] + "…"
            self.goal.addItem(text, goal.goal_id)
            self.goal.setItemData(self.goal.count() - 1, goal.text, Qt.ItemDataRole.ToolTipRole)
        select_data(self.goal, chosen, fallback=0)
        self.goal.blockSignals(False)

    def _fill_from_template(self, template: ActivityDetail) -> None:
        assert self.fields is not None
        card = template.card
        self.title_edit.setText(card.title)
        self.description.setPlainText(template.description)
        self.fields.set_values({value.name: value.value for value in template.details})
        if card.from_date is not None and card.to_date is not None:
            self._set_to(date.today() + (card.to_date - card.from_date))
        select_data(self.place, template.kvp_programme_id, fallback=0)

    # Saving -------------------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving or self.read_only:
            return
        db, actor = self.ctx.db, self.ctx.actor
        person_id, activity_id, version = self.person_id, self.activity_id, self.version
        if activity_id is None:
            form = self.form()

            def operation() -> ActivityDetail:  # on the worker thread: it touches no widget
                return activities.create_activity(db, actor, person_id, form)
        else:
            edit = self.edit()

            def operation() -> ActivityDetail:
                return activities.update_activity(db, actor, activity_id, version, edit)

        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(operation, while_alive(self, self._saved), while_alive(self, self._failed),
                            changes="person", parent=self)

    def _saved(self, detail: ActivityDetail) -> None:
        self.saving = False
        self.saved.emit(detail.card.activity_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(not self.read_only)
        if isinstance(error, ValidationFailed):
            self.show_errors(error.errors)
        elif isinstance(error, Conflict):
            self._explain_conflict()
        else:
            show_error(self, error)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.show({name: message for name, message in errors.items() if name not in TOP_FIELDS})
        top = {name: message for name, message in errors.items() if name in TOP_FIELDS}
        if top:
            self.top_errors.show(top)

    def mark_agreed(self) -> None:
        db, actor, activity_id, version = self.ctx.db, self.ctx.actor, self.activity_id, self.version
        if activity_id is None or self.read_only:
            return

        def done(card: ActivityCard) -> None:
            self.version = card.version
            self._show_agreed(True)
            self.errors.show({})

        self.agree_button.setEnabled(False)
        self.ctx.worker.run(lambda: activities.mark_agreed(db, actor, activity_id, version),
                            while_alive(self, done), while_alive(self, self._agree_failed), changes="person",
                            parent=self)

    def _agree_failed(self, error: BaseException) -> None:
        self.agree_button.setEnabled(True)
        self._failed(error)

    # Conflict -----------------------------------------------------------------------------------------------

    def _explain_conflict(self) -> None:
        """List what others changed since this form was loaded, and offer to load their version."""
        db, actor, activity_id, version = self.ctx.db, self.ctx.actor, self.activity_id, self.version
        assert activity_id is not None

        def show(history: tuple[HistoryEntry, ...]) -> None:
            newer = [entry for entry in history if entry.version > version]
            lines = [_("Someone else changed this activity after you opened it. Nothing of yours was saved.")]
            lines += [entry_text(entry) for entry in reversed(newer)]
            self.conflict_text.setText("\n".join(lines))
            self.conflict.show()
            self.reload_button.setFocus()

        self.ctx.worker.run(lambda: activities.activity_history(db, actor, activity_id), while_alive(self, show),
                            parent=self)

    # Other actions ------------------------------------------------------------------------------------------

    def show_history(self) -> None:
        if self.activity_id is None:
            return
        title = self.detail.card.title if self.detail else ""
        self.history = ActivityHistoryDialog(self.ctx, self.activity_id, title, self)
        self.history.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.history.show()

    def _copy(self) -> None:
        if self.detail is not None:
            self.copy_requested.emit(self.detail)
            self.accept()

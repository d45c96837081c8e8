"""The card's tabs: each lays out one section of a `PersonCard`, with its withheld markers and empty state."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser

from navdesk.domain.codes import label
from navdesk.i18n import _, format_date, format_datetime, format_number
from navdesk.services.card_types import CaseItem, ConsentItem, NoteItem, PersonCard
from navdesk.ui.people.card.widgets import RowsList, SectionPage


def _period(starts: date | None, ends: date | None) -> tuple[str, str]:
    return format_date(starts), format_date(ends)


class OverviewPage(SectionPage):
    def __init__(self) -> None:
        super().__init__(_("Nothing is recorded for this person yet. Write a note or register a service "
                           "to start the timeline."))
        self.list = RowsList([_("When"), _("Side"), _("What"), _("Title"), _("Detail")], (10, 9, 10, 0, 28),
                             stretch=3)
        self.layout_.addWidget(self.list, 1)
        self.finish()

    def show_card(self, card: PersonCard) -> None:
        self.list.set_rows(((format_date(e.at.date()), label(e.side), e.kind, e.title, e.detail), None)
                           for e in card.overview.items)
        self.list.setVisible(bool(card.overview.items))
        self.show_markers(card.overview.withheld, empty=not card.overview.items)


class StatePage(SectionPage):
    def __init__(self) -> None:
        super().__init__(_("No state services are recorded for this person."))
        self.innsats = QLabel()
        self.innsats.setWordWrap(True)
        self.innsats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = RowsList([_("Service"), _("Status"), _("From"), _("Until"), _("Details")])
        self.history = RowsList([_("Decided"), _("Innsatsgruppe"), _("Hovedmål"), _("By")])
        self.history_caption = QLabel(_("§14a decisions"))
        self.layout_.addWidget(self.innsats)
        self.layout_.addWidget(self.facts, 2)
        self.layout_.addWidget(self.history_caption)
        self.layout_.addWidget(self.history, 1)
        self.finish()

    def show_card(self, card: PersonCard) -> None:
        state = card.state
        lines = []
        if state.innsatsgruppe:
            lines.append(_("Innsatsgruppe: {value}").format(value=state.innsatsgruppe))
        if state.hovedmal:
            lines.append(_("Hovedmål: {value}").format(value=state.hovedmal))
        self.innsats.setText("\n".join(lines))
        self.innsats.setVisible(bool(lines))
        rows = []
        for fact in state.facts:
            details = list(fact.details)
            details += [_("{weeks} weeks: {date}").format(weeks=c.weeks, date=format_date(c.due))
                        + (" ✓" if c.passed else "") for c in fact.checkpoints]
            rows.append(((fact.service_name, fact.status, *_period(fact.starts_on, fact.ends_on),
                          "; ".join(details)), fact.case_id))
        self.facts.set_rows(rows)
        self.facts.setVisible(bool(rows))
        self.history.set_rows(((format_date(i.decided_on), i.innsatsgruppe, i.hovedmal, i.decided_by), None)
                              for i in state.innsats_history)
        self.history.setVisible(bool(state.innsats_history))
        self.history_caption.setVisible(bool(state.innsats_history))
        has_content = bool(lines or rows or state.innsats_history)
        self.show_markers(state.withheld, empty=not has_content)


# In characters: a date and "(oral)" under Received, "Decide by" and a date under Deadline; the service
# name takes the rest of the width, so that the deadline stays on screen at 1366 pixels.
MUNICIPAL_WIDTHS = (10, 0, 14, 13, 16, 10, 20)


def _case_rows(cases: tuple[CaseItem, ...]) -> list[tuple[tuple[str, ...], object]]:
    """The rows of a case list; the deadline column shows only deadlines still ahead."""
    today = date.today()
    rows = []
    for case in cases:
        deadline_text = ""
        if case.processing_deadline:
            deadline_text = _("Decide by {date}").format(date=format_date(case.processing_deadline))
        elif case.complaint_deadline and case.complaint_deadline >= today:
            deadline_text = _("Complaint by {date}").format(date=format_date(case.complaint_deadline))
        received = format_date(case.received_on) + (" " + _("(oral)") if case.oral_application else "")
        rows.append(((case.area or case.municipality, case.service_name, case.status, case.outcome, received,
                      format_date(case.decided_on), deadline_text), case.case_id))
    return rows


class MunicipalPage(SectionPage):
    case_requested = Signal(object)  # the uuid of the case chosen with Enter or a double-click

    def __init__(self) -> None:
        super().__init__(_("No municipal services or applications are recorded for this person."))
        headers = [_("Municipality"), _("Service"), _("Status"), _("Outcome"), _("Received"), _("Decided"),
                   _("Deadline")]
        self.cases = RowsList(headers, MUNICIPAL_WIDTHS, stretch=1)
        self.closed_caption = QLabel(_("Closed area — only the staff named on it can see this"))
        self.closed = RowsList([_("Area")] + headers[1:], MUNICIPAL_WIDTHS, stretch=1)
        self.cases.itemActivated.connect(lambda *_args: self.case_requested.emit(self.cases.current_value()))
        self.layout_.addWidget(self.cases, 2)
        self.layout_.addWidget(self.closed_caption)
        self.layout_.addWidget(self.closed, 1)
        self.finish()

    def show_card(self, card: PersonCard) -> None:
        self.cases.set_rows(_case_rows(card.municipal.items))
        self.cases.setVisible(bool(card.municipal.items))
        self.closed.set_rows(_case_rows(card.closed.items))
        self.closed.setVisible(bool(card.closed.items))
        self.closed_caption.setVisible(bool(card.closed.items))
        self.show_markers(card.municipal.withheld, empty=not (card.municipal.items or card.closed.items))


class JournalPage(SectionPage):
    edit_requested = Signal(object)  # NoteItem
    history_requested = Signal(object)  # NoteItem

    def __init__(self) -> None:
        super().__init__(_("No journal notes yet. Press Ctrl+N to write the first one."))
        self.list = RowsList([_("Date"), _("Where"), _("Kind"), _("Title"), _("Signed")])
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.edit_button = QPushButton(_("&Edit note…"))
        self.history_button = QPushButton(_("E&arlier versions…"))
        self.edit_button.clicked.connect(lambda: self._request(self.edit_requested))
        self.history_button.clicked.connect(lambda: self._request(self.history_requested))
        self.list.currentItemChanged.connect(lambda *_args: self._show_current())
        self.list.itemActivated.connect(lambda *_args: self._request(self.edit_requested))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        self.layout_.addWidget(splitter, 1)
        self.layout_.addLayout(buttons)
        self.finish()
        self._notes: dict[object, NoteItem] = {}

    def show_card(self, card: PersonCard) -> None:
        notes = card.journal.items
        self._notes = {note.note_id: note for note in notes}
        self.list.set_rows(((format_date(n.noted_on), n.where, n.kind_label, n.title, n.signed_by), n.note_id)
                           for n in notes)
        self.splitter.setVisible(bool(notes))
        self.show_markers(card.journal.withheld, empty=not notes)
        self._show_current()

    def current_note(self) -> NoteItem | None:
        return self._notes.get(self.list.current_value())

    def _show_current(self) -> None:
        note = self.current_note()
        self.edit_button.setVisible(note is not None)
        self.history_button.setVisible(note is not None)
        if note is None:
            self.text.clear()
            return
        self.edit_button.setEnabled(note.can_edit)
        self.edit_button.setToolTip("" if note.can_edit else _("Only the author can change a signed note."))
        self.history_button.setEnabled(note.revisions > 0)
        signed = _("Signed {name}, {time}").format(name=note.signed_by, time=format_datetime(note.edited_at
                                                                                               or note.written_at))
        if note.revisions:
            signed += " — " + _("edited; {count} earlier versions kept").format(count=format_number(note.revisions))
        body = "<br/>".join(escape(line) for line in note.text.splitlines())
        self.text.setHtml(f"<p><b>{escape(note.title)}</b><br/>{escape(note.kind_label)} · {escape(note.where)} · "
                          f"{escape(format_date(note.noted_on))}<br/><i>{escape(signed)}</i></p><p>{body}</p>")

    def _request(self, signal: Signal) -> None:
        note = self.current_note()
        if note is not None:
            signal.emit(note)


class ContactsPage(SectionPage):
    def __init__(self) -> None:
        super().__init__(_("No contacts or appointments are recorded for this person."))
        self.contacts_caption = QLabel(_("Contact log"))
        self.contacts = RowsList([_("When"), _("How"), _("Side"), _("Staff"), _("Summary")])
        self.appointments_caption = QLabel(_("Appointments"))
        self.appointments = RowsList([_("When"), _("Purpose"), _("Where"), _("With"), _("How"), _("Status")])
        for widget in (self.contacts_caption, self.contacts, self.appointments_caption, self.appointments):
            self.layout_.addWidget(widget, 1 if isinstance(widget, RowsList) else 0)
        self.finish()

    def show_card(self, card: PersonCard) -> None:
        contacts, appointments = card.contacts.items, card.appointments.items
        self.contacts.set_rows(((format_datetime(c.at), c.channel, label(c.side), c.staff, c.summary), None)
                               for c in contacts)
        self.appointments.set_rows(
            ((format_datetime(a.starts_at), a.purpose, a.place, a.staff, a.channel,
              _("Cancelled") if a.cancelled else ""), None) for a in appointments)
        for caption, widget, shown in ((self.contacts_caption, self.contacts, bool(contacts)),
                                       (self.appointments_caption, self.appointments, bool(appointments))):
            caption.setVisible(shown)
            widget.setVisible(shown)
        self.show_markers((*card.contacts.withheld, *card.appointments.withheld),
                          empty=not (contacts or appointments))


class ConsentsPage(SectionPage):
    withdraw_requested = Signal(object)  # ConsentItem

    def __init__(self) -> None:
        super().__init__(_("No consents are registered. A consent lets named parties read across sides; "
                           "register one with “Register consent…”."))
        self.list = RowsList([_("Status"), _("Given"), _("Expires"), _("Parties"), _("Data"), _("Form")])
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.withdraw_button = QPushButton(_("&Withdraw consent…"))
        self.withdraw_button.clicked.connect(self._withdraw)
        self.list.currentItemChanged.connect(lambda *_args: self._show_current())
        row = QHBoxLayout()
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        self.layout_.addWidget(self.list, 1)
        self.layout_.addWidget(self.detail)
        self.layout_.addLayout(row)
        self.finish()
        self._consents: dict[object, ConsentItem] = {}

    def show_card(self, card: PersonCard) -> None:
        consents = card.consents.items
        self._consents = {c.consent_id: c for c in consents}
        self.list.set_rows(((c.state_label, format_date(c.given_on), format_date(c.valid_until),
                             "; ".join(c.parties), "; ".join(c.scope), c.form), c.consent_id) for c in consents)
        self.list.setVisible(bool(consents))
        self.show_markers(card.consents.withheld, empty=not consents)
        self._show_current()

    def current_consent(self) -> ConsentItem | None:
        return self._consents.get(self.list.current_value())

    def _show_current(self) -> None:
        consent = self.current_consent()
        self.withdraw_button.setVisible(consent is not None and consent.can_withdraw)
        if consent is None:
            self.detail.clear()
            return
        lines = [_("Purpose: {purpose}").format(purpose=consent.purpose),
                 _("Registered by {name}").format(name=consent.registered_by)]
        if consent.withdrawn_on:
            lines.append(_("Withdrawn {date}, registered by {name}").format(
                date=format_date(consent.withdrawn_on), name=consent.withdrawn_by))
        self.detail.setText("\n".join(lines))

    def _withdraw(self) -> None:
        consent = self.current_consent()
        if consent is not None:
            self.withdraw_requested.emit(consent)


class AccessLogPage(SectionPage):
    def __init__(self) -> None:
        super().__init__(_("No one has opened this person's data yet."))
        self.list = RowsList([_("When"), _("Who"), _("Action"), _("What"), _("Result")])
        self.total = QLabel()
        self.layout_.addWidget(self.list, 1)
        self.layout_.addWidget(self.total)
        self.finish()

    def show_card(self, card: PersonCard) -> None:
        entries = card.access_log.items
        self.list.set_rows(((format_datetime(e.at), e.who, e.action, e.what,
                             (_("Allowed") if e.allowed else _("Refused")) + (f": {e.reason}" if e.reason else "")),
                            None) for e in entries)
        self.list.setVisible(bool(entries))
        more = card.access_log_total > len(entries)
        self.total.setText(_("Showing the newest {shown} of {total} entries. Print the whole log with "
                             "“Print who has looked at my data…”.").format(
            shown=format_number(len(entries)), total=format_number(card.access_log_total)) if more else "")
        self.total.setVisible(more)
        self.show_markers(card.access_log.withheld, empty=not entries)

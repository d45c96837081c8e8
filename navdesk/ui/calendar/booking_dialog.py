"""Booking a meeting with a person: whom (fixed when opened from the card), when, for how long, how, where —
at the office or on one of its office days in another municipality — with which veileder, on which side,
and what it is about.

The service judges everything on saving (a slot already taken, an office day not held then, a time in
the past …) and each message appears under its field; nothing is saved until all is well. Meeting at
the office outside its opening hours is allowed (staff meet people by appointment all day), so the form
only points it out.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.case_codes import AppointmentChannel, code_label
from navdesk.i18n import _
from navdesk.services import appointment_choices, appointments
from navdesk.services.appointment_choices import BookingTarget, CalendarChoices, OfficeChoice
from navdesk.services.appointments import LOCATION_MAX, MAX_MINUTES, PURPOSE_MAX, BookingForm, CalendarEntry
from navdesk.ui.calendar.calendar_text import office_day_choice, span, weekday_name
from navdesk.ui.calendar.person_picker import PersonPicker
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.save_dialog import SaveDialog
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import date_edit, from_qdate, select_data, time_edit, time_of

DEFAULT_MINUTES = 45
MINUTE_STEP = 15
DEFAULT_HOUR, LAST_START_HOUR = 10, 15  # a default start is a whole hour within an ordinary working day
CHANNELS = (AppointmentChannel.IN_PERSON, AppointmentChannel.PHONE, AppointmentChannel.VIDEO)
NOTE_STYLE = "color: #7a4a00;"  # amber: worth a look, not an error

Place = tuple[uuid.UUID, uuid.UUID | None]  # the office, and the municipality of an office day elsewhere


def default_start(day: date, now: datetime) -> time:
    """The next whole hour when booking for today, else mid-morning, when offices open."""
    if day == now.date() and now.hour >= DEFAULT_HOUR:
        return time(min(now.hour + 1, LAST_START_HOUR))
    return time(DEFAULT_HOUR)


class BookingDialog(SaveDialog):
    booked = Signal(object)  # the CalendarEntry made
    FIELD_ALIASES = {"responsible_municipality_id": "side", "service_code": "side", "office_id": "place",
                     "municipality_id": "place"}

    def __init__(self, ctx: UiContext, choices: CalendarChoices | None, *, person: tuple[uuid.UUID, str] | None,
                 staff_id: uuid.UUID | None = None, day: date | None = None, at: time | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Book appointment"), _("&Book"), parent)
        self.choices = choices
        self.person_id = person[0] if person else None
        self.wanted_staff = staff_id or ctx.actor.staff_id
        self.targets_for: uuid.UUID | None = None
        now = datetime.now()
        day = day or now.date()

        title = QLabel(_("Book an appointment with {person}").format(person=person[1]) if person
                       else _("Book an appointment"))
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        self.picker: PersonPicker | None = None
        if person is None:
            self.picker = PersonPicker(ctx)
            self.picker.chosen.connect(self._person_chosen)
        self.day = date_edit(day)
        self.start = time_edit(at or default_start(day, now))
        when = QWidget()
        when_layout = QHBoxLayout(when)
        when_layout.setContentsMargins(0, 0, 0, 0)
        when_layout.addWidget(self.day)
        when_layout.addWidget(self.start)
        when_layout.addStretch(1)
        self.minutes = QSpinBox()
        self.minutes.setRange(MINUTE_STEP, MAX_MINUTES)
        self.minutes.setSingleStep(MINUTE_STEP)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.minutes.setSuffix(_(" min"))
        self.minutes.setMaximumWidth(self.minutes.sizeHint().width() + 30)
        self.channel = QComboBox()
        for channel in CHANNELS:
            self.channel.addItem(code_label(channel), channel.value)
        self.place = QComboBox()
        self.place.setMinimumContentsLength(34)
        self.place.setMinimumWidth(440)  # room for an office day's name, weekday and hours
        self.place_note = QLabel()
        self.place_note.setObjectName("placeNote")
        self.place_note.setStyleSheet(NOTE_STYLE)
        # One short line, unwrapped: a wrapping label would leave the form to guess its height.
        self.place_note.hide()
        place_box = QWidget()
        place_layout = QVBoxLayout(place_box)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.setSpacing(2)
        place_layout.addWidget(self.place)
        place_layout.addWidget(self.place_note)
        self.location = QLineEdit()
        self.location.setMaxLength(LOCATION_MAX)
        self.location.setPlaceholderText(_("Optional: a meeting room, or where to meet"))
        self.staff = QComboBox()
        self.side = QComboBox()
        self.purpose = QLineEdit()
        self.purpose.setMaxLength(PURPOSE_MAX)
        self.purpose.setPlaceholderText(_("What the meeting is about, e.g. follow-up conversation"))

        form = QFormLayout()
        if self.picker is not None:
            form.addRow(_("&Person"), self.errors.wrap("person", self.picker, self.picker.query))
        form.addRow(_("&When"), self.errors.wrap("starts_at", when, self.day))
        form.addRow(_("&Duration"), self.errors.wrap("minutes", self.minutes))
        form.addRow(_("&How"), self.errors.wrap("channel", self.channel))
        form.addRow(_("Whe&re"), self.errors.wrap("place", place_box, self.place))
        form.addRow(_("R&oom or address"), self.errors.wrap("location", self.location))
        form.addRow(_("&Veileder"), self.errors.wrap("staff_id", self.staff))
        form.addRow(_("S&ide"), self.errors.wrap("side", self.side))
        form.addRow(_("P&urpose"), self.errors.wrap("purpose", self.purpose))
        layout = QVBoxLayout(self)
        # The form grows when the person's matches or an error appear, rather than squeezing its fields.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(title)
        layout.addLayout(form, 1)
        self.finish(layout)

        self.staff.currentIndexChanged.connect(lambda _index: self._fill_places())
        for signal in (self.place.currentIndexChanged, self.channel.currentIndexChanged,
                       self.minutes.valueChanged, self.day.dateChanged, self.start.timeChanged):
            signal.connect(lambda *_args: self._note_place())
        self._show_targets(None)
        if choices is None:
            self.setEnabled(False)
            db, actor = ctx.db, ctx.actor
            ctx.worker.run(lambda: appointment_choices.calendar_choices(db, actor),
                           while_alive(self, self._choices_loaded), while_alive(self, self.failed), parent=self)
        else:
            self._choices_loaded(choices)
        if self.person_id is not None:
            self._load_targets(self.person_id)
        (self.picker.query if self.picker is not None else self.day).setFocus()

    # Choices ----------------------------------------------------------------------------------------

    def _choices_loaded(self, choices: CalendarChoices) -> None:
        self.choices = choices
        self.setEnabled(True)
        self.staff.blockSignals(True)
        self.staff.clear()
        for staff in choices.staff:
            self.staff.addItem(staff.name, staff.id)
        select_data(self.staff, self.wanted_staff, fallback=0)
        self.staff.blockSignals(False)
        self._fill_places()
        (self.picker.query if self.picker is not None else self.day).setFocus()

    def _staff_offices(self) -> list[OfficeChoice]:
        if self.choices is None:
            return []
        staff = next((s for s in self.choices.staff if s.id == self.staff.currentData()), None)
        works_at = set(staff.office_ids) if staff is not None else set()
        return [office for office in self.choices.offices if office.id in works_at] or list(self.choices.offices)

    def _fill_places(self) -> None:
        wanted = self.place.currentData()
        self.place.blockSignals(True)
        self.place.clear()
        for office in self._staff_offices():
            self.place.addItem(office.name, (office.id, None))
            for day in office.days_elsewhere:
                self.place.addItem(office_day_choice(day), (office.id, day.municipality_id))
        select_data(self.place, wanted, fallback=0)
        self.place.blockSignals(False)
        self._note_place()

    def _person_chosen(self, person_id: uuid.UUID | None) -> None:
        self.person_id = person_id
        if person_id is None:
            self._show_targets(None)
        else:
            self._load_targets(person_id)

    def _load_targets(self, person_id: uuid.UUID) -> None:
        self.side.setEnabled(False)
        db, actor = self.ctx.db, self.ctx.actor

        def show(targets: tuple[BookingTarget, ...]) -> None:
            if self.person_id == person_id:
                self._show_targets(targets)

        self.ctx.worker.run(lambda: appointment_choices.booking_targets(db, actor, person_id),
                            while_alive(self, show), while_alive(self, self.failed), parent=self)

    def _show_targets(self, targets: tuple[BookingTarget, ...] | None) -> None:
        self.side.clear()
        if targets is None:
            self.side.addItem(_("Choose the person first"), None)
        elif not targets:
            self.side.addItem(_("You may not book meetings with this person"), None)
        for target in targets or ():
            self.side.addItem(target.label, target)
        self.side.setEnabled(bool(targets))
        self.targets_for = self.person_id if targets is not None else None

    def _note_place(self) -> None:
        """Point out a meeting in person outside the chosen place's hours (the service refuses it for an
        office day elsewhere; at the office it is allowed)."""
        self.place_note.setText(self.place_note_text())
        self.place_note.setVisible(bool(self.place_note.text()))

    def place_note_text(self) -> str:
        chosen: Place | None = self.place.currentData()
        if chosen is None or self.choices is None or self.channel.currentData() != AppointmentChannel.IN_PERSON:
            return ""
        office = self.choices.office(chosen[0])
        if office is None:
            return ""
        day = from_qdate(self.day.date())
        starts = time_of(self.start)
        ends = (datetime.combine(day, starts) + timedelta(minutes=self.minutes.value())).time()
        if chosen[1] is not None:
            held = [d for d in office.days_elsewhere if d.municipality_id == chosen[1]]
            if any(d.weekday == day.weekday() and d.opens <= starts and ends <= d.closes for d in held):
                return ""
            return _("The office day there is on {times}.").format(times=", ".join(
                f"{weekday_name(d.weekday)} {span(d.opens, d.closes)}" for d in held))
        hours = office.hours_on(day.weekday())
        if not hours:
            return _("The office has no opening hours this day.")
        if any(line.opens <= starts and ends <= line.closes for line in hours):
            return ""
        return _("Outside the office's opening hours ({hours}).").format(
            hours=", ".join(span(line.opens, line.closes) for line in hours))

    # Saving -----------------------------------------------------------------------------------------

    def form(self) -> BookingForm:
        target: BookingTarget | None = self.side.currentData()
        place: Place | None = self.place.currentData()
        return BookingForm(
            starts_at=datetime.combine(from_qdate(self.day.date()), time_of(self.start)),
            minutes=self.minutes.value(),
            side=target.side.value if target else "",
            purpose=self.purpose.text(),
            channel=self.channel.currentData(),
            staff_id=self.staff.currentData(),
            office_id=place[0] if place else None,
            municipality_id=place[1] if place else None,
            location=self.location.text(),
            responsible_municipality_id=target.municipality_id if target else None,
            service_code=target.service_code if target else "",
        )

    def save(self) -> None:
        person_id = self.person_id
        if person_id is None:
            self.errors.show({"person": _("Choose the person the meeting is with.")})
            return
        db, actor, form = self.ctx.db, self.ctx.actor, self.form()
        self.run(lambda: appointments.book(db, actor, person_id, form))

    def saved(self, result: CalendarEntry) -> None:
        self.booked.emit(result)
        self.accept()

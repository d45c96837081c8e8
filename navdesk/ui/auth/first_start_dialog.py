"""First start on an empty database: the first office, the municipalities it serves, the first administrator."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import ValidationFailed
from navdesk.domain.validators import MIN_PASSWORD_LENGTH
from navdesk.i18n import _
from navdesk.services import auth
from navdesk.services.actor import Actor
from navdesk.services.auth import FirstStartForm, MunicipalityEntry
from navdesk.store.engine import Database
from navdesk.ui.auth.fields import ErrorLabel, add_field, show_errors
from navdesk.ui.worker import DbWorker, show_error

NUMBER_WIDTH = 90


class MunicipalityRow(QWidget):
    remove_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.number = QLineEdit()
        self.number.setMaxLength(4)
        self.number.setFixedWidth(NUMBER_WIDTH)
        self.number.setPlaceholderText("3324")
        self.number.setAccessibleName(_("Municipality number"))
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(_("e.g. Gol"))
        self.name.setAccessibleName(_("Municipality name"))
        self.remove = QPushButton(_("Remove"))
        self.remove.setAccessibleName(_("Remove this municipality"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.number_error = ErrorLabel()
        self.name_error = ErrorLabel()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.number, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.remove, 0, 2)
        # Under the whole row: the number column is too narrow for a sentence.
        grid.addWidget(self.number_error, 1, 0, 1, 3)
        grid.addWidget(self.name_error, 2, 0, 1, 3)
        grid.setColumnMinimumWidth(0, NUMBER_WIDTH)
        grid.setColumnStretch(1, 1)

    def entry(self) -> MunicipalityEntry:
        return MunicipalityEntry(self.number.text(), self.name.text())


class MunicipalityList(QWidget):
    """One or more municipalities, added and removed by the user."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[MunicipalityRow] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(6)
        header = QHBoxLayout()
        number_caption = QLabel(_("Number"))
        number_caption.setFixedWidth(NUMBER_WIDTH)
        header.addWidget(number_caption)
        header.addWidget(QLabel(_("Name")), 1)
        self.add_button = QPushButton(_("&Add municipality"))
        self.add_button.clicked.connect(lambda: self.add_row().number.setFocus())
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.error)
        add_line = QHBoxLayout()
        add_line.addWidget(self.add_button)
        add_line.addStretch(1)
        layout.addLayout(add_line)
        self.add_row()

    def add_row(self) -> MunicipalityRow:
        row = MunicipalityRow()
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        self._update_remove_buttons()
        return row

    def _remove(self, row: MunicipalityRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        row.deleteLater()
        self._update_remove_buttons()
        focus_on = self.rows[min(index, len(self.rows) - 1)]
        focus_on.number.setFocus()

    def _update_remove_buttons(self) -> None:
        for row in self.rows:
            row.remove.setEnabled(len(self.rows) > 1)

    def entries(self) -> tuple[MunicipalityEntry, ...]:
        return tuple(row.entry() for row in self.rows)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.error.show_error(errors.get("municipalities"))
        for index, row in enumerate(self.rows):
            row.number_error.show_error(errors.get(f"municipality_number_{index}"))
            row.name_error.show_error(errors.get(f"municipality_name_{index}"))


class FirstStartDialog(QDialog):
    """`created` carries the new administrator once everything is saved."""

    created = Signal(object)

    def __init__(self, db: Database, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
        self.setObjectName("firstStartDialog")
        self.setWindowTitle(_("navdesk — first start"))

        title = QLabel(_("Welcome to navdesk"))
        title.setObjectName("dialogTitle")
        intro = QLabel(
            _(
                "This database is empty. Set up your office, the municipalities it serves and the first "
                "administrator. Staff, teams, host agreements and the rest follow in Set-up after you sign in."
            )
        )
        intro.setWordWrap(True)

        self.office_code = QLineEdit()
        self.office_code.setObjectName("officeCode")
        self.office_code.setMaxLength(8)
        self.office_code.setPlaceholderText("GOL")
        self.office_name = QLineEdit()
        self.office_name.setObjectName("officeName")
        self.office_name.setMaxLength(100)
        self.office_name.setPlaceholderText(_("e.g. NAV Gol"))
        office_box = QGroupBox(_("Office"))
        office_form = QFormLayout(office_box)
        self.errors: dict[str, ErrorLabel] = {
            "office_code": add_field(office_form, _("Office &code"), self.office_code),
            "office_name": add_field(office_form, _("Office &name"), self.office_name),
        }

        self.municipalities = MunicipalityList()
        municipality_box = QGroupBox(_("Municipalities the office serves"))
        QVBoxLayout(municipality_box).addWidget(self.municipalities)

        self.login = QLineEdit()
        self.login.setObjectName("adminLogin")
        self.login.setMaxLength(40)
        self.name = QLineEdit()
        self.name.setObjectName("adminName")
        self.name.setMaxLength(120)
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            _("At least {count} characters").format(count=MIN_PASSWORD_LENGTH)
        )
        self.repeated = QLineEdit()
        self.repeated.setObjectName("adminRepeated")
        self.repeated.setEchoMode(QLineEdit.EchoMode.Password)
        admin_box = QGroupBox(_("First administrator (employed by the state)"))
        admin_form = QFormLayout(admin_box)
        self.errors |= {
            "login": add_field(admin_form, _("&User name"), self.login),
            "name": add_field(admin_form, _("Full na&me"), self.name),
            "password": add_field(admin_form, _("&Password"), self.password),
            "repeated": add_field(admin_form, _("&Repeat password"), self.repeated),
        }

        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(_("&Set up navdesk"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)

        # Two columns, so that the whole form fits a 1366×768 laptop screen even with every error shown.
        left = QVBoxLayout()
        left.addWidget(office_box)
        left.addWidget(municipality_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(admin_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self.setMinimumWidth(880)
        # Only once the button is inside the dialog; before that QDialog picks its own default.
        self.create_button.setDefault(True)
        self.office_code.setFocus()

    def form(self) -> FirstStartForm:
        return FirstStartForm(
            office_code=self.office_code.text(),
            office_name=self.office_name.text(),
            municipalities=self.municipalities.entries(),
            login=self.login.text(),
            name=self.name.text(),
            password=self.password.text(),
            repeated=self.repeated.text(),
        )

    def _create(self) -> None:
        form = self.form()
        self.create_button.setEnabled(False)
        self.worker.run(lambda: auth.first_start(self.db, form), self._done, self._failed, changes="organisation")

    def _done(self, admin: Actor) -> None:
        self.create_button.setEnabled(True)
        self.created.emit(admin)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.create_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            show_errors(self.errors, error.errors)
            self.municipalities.show_errors(error.errors)
        else:
            show_error(self, error)

"""Translations (gettext) and locale formatting (Babel).

Message ids are English; Norwegian bokmål is the default language. The catalogues live in the
top-level `translations/` folder and are compiled to `.mo` during install (`make`); when a `.mo` is
missing the `.po` is read directly, so a fresh checkout still speaks Norwegian.
"""

from __future__ import annotations

import gettext as _gettext
import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal, format_percent

LANGUAGES: dict[str, str] = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
DEFAULT_LANGUAGE = "nb"
DOMAIN = "navdesk"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

_current_language = DEFAULT_LANGUAGE
_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_listeners: list[Callable[[str], None]] = []
# A language for one thread only: a report rendered on the worker in another language than the screen's.
_thread = threading.local()
_loaded: dict[str, _gettext.NullTranslations] = {}


def _load(language: str) -> _gettext.NullTranslations:
    folder = TRANSLATIONS_DIR / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=LANGUAGES[language])
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def set_language(language: str) -> None:
    """Switch the process-wide language (nb, nn or en)."""
    global _current_language, _translations
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _current_language = language
    _translations = _load(language)
    for listener in list(_listeners):
        listener(language)


def current_language() -> str:
    return getattr(_thread, "language", None) or _current_language


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Speak `language` in this thread while the block runs (None: the current language); other threads,
    such as the GUI's, keep theirs."""
    if language is None:
        yield
        return
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language not in _loaded:
        _loaded[language] = _load(language)
    previous = getattr(_thread, "language", None), getattr(_thread, "translations", None)
    _thread.language, _thread.translations = language, _loaded[language]
    try:
        yield
    finally:
        _thread.language, _thread.translations = previous


def _active() -> _gettext.NullTranslations:
    return getattr(_thread, "translations", None) or _translations


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def locale() -> Locale:
    return Locale.parse(LANGUAGES[current_language()])


def _(message: str) -> str:
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with `_()` where it is shown."""
    return message


def format_date(value: date | None, form: str = "short") -> str:
    if value is None:
        return ""
    return _babel_date(value, format=form, locale=locale())


def format_datetime(value: datetime | None, form: str = "short") -> str:
    if value is None:
        return ""
    return _babel_datetime(value, format=form, locale=locale())


def format_number(value: int | float | Decimal) -> str:
    return format_decimal(value, locale=locale())


def format_percent_value(value: float) -> str:
    """`value` is a fraction: 0.25 -> '25 %'."""
    return format_percent(value, locale=locale())


def format_percent_whole(value: int | float) -> str:
    """`value` is a whole percentage: 50 -> '50 %' (the sign placed as the language wants it)."""
    return format_percent(value / 100, locale=locale())


def format_money(value: int | float | Decimal) -> str:
    return format_currency(value, "NOK", locale=locale())


set_language(DEFAULT_LANGUAGE)

"""Every message in the source is translated in nb, nn and en, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def _source_messages() -> set[str]:
    messages: set[str] = set()
    for folder in ("navdesk",):
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


SOURCE = _source_messages()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_catalogue_is_complete(language: str) -> None:
    with (ROOT / "translations" / language / "LC_MESSAGES" / "navdesk.po").open("rb") as fh:
        catalog = read_po(fh)
    missing, untranslated, fuzzy, bad_placeholders = [], [], [], []
    for msgid in sorted(SOURCE):
        entry = catalog.get(msgid)
        if entry is None:
            missing.append(msgid)
            continue
        if entry.fuzzy:
            fuzzy.append(msgid)
        translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(translations):
            untranslated.append(msgid)
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in translations:
            if set(PLACEHOLDER.findall(text)) != expected:
                bad_placeholders.append(f"{msgid!r} -> {text!r}")
    assert missing == [], f"{len(missing)} missing in {language}: {missing[:10]}"
    assert untranslated == [], f"{len(untranslated)} untranslated in {language}: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:10]}"
    assert bad_placeholders == [], f"placeholders differ in {language}: {bad_placeholders[:10]}"


def test_source_uses_named_placeholders_only() -> None:
    positional = [m for m in SOURCE if "{}" in m or re.search(r"%[sd]", m)]
    assert positional == []


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_catalogue_compiles_without_errors(language: str) -> None:
    """What `make` runs (pybabel compile) must not refuse the catalogue, e.g. for unbalanced % signs."""
    with (ROOT / "translations" / language / "LC_MESSAGES" / "navdesk.po").open("rb") as fh:
        catalog = read_po(fh)
    problems = [f"{message.id!r}: {errors}" for message, errors in catalog.check() if errors]
    assert problems == []

"""Fill the English catalogue: message ids are English, so each translation is its own id.

Run by `make i18n` after the catalogues are updated from the source.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "translations" / "en" / "LC_MESSAGES" / "navdesk.po"


def main() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="en_GB")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with PO.open("wb") as fh:
        write_po(fh, catalog, omit_header=False, no_location=True, sort_output=True, width=100)


if __name__ == "__main__":
    main()

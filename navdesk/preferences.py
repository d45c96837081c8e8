"""Per-desk preferences of the person at this computer (language), kept beside the database."""

from __future__ import annotations

import json
from pathlib import Path

from navdesk import config
from navdesk.i18n import DEFAULT_LANGUAGE, LANGUAGES


def _file() -> Path:
    return config.data_dir() / "preferences.json"


def load() -> dict[str, str]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save(values: dict[str, str]) -> None:
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, indent=2), encoding="utf-8")
    tmp.replace(path)


def language() -> str:
    value = load().get("language", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def set_language(value: str) -> None:
    values = load()
    values["language"] = value
    save(values)

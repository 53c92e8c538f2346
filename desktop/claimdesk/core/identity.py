"""Who is making changes: one name per person, shared by the window and the command line.

The name is a per-user setting in a small JSON file in the user's config folder, not in
QSettings, so that the command line reads it without Qt: before, the window recorded the
name typed at first run and the command line the login name (`root`), and the dashboard
listed one person twice. Everywhere the name is chosen in the same order: the --reviewer
option, then $CLAIMDESK_REVIEWER, then this setting, then the login name.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from platformdirs import user_config_path

from claimdesk.core.errors import ClaimdeskError, ValidationError
from claimdesk.core.reviewer import system_user

CONFIG_ENV = "CLAIMDESK_CONFIG_DIR"  # the settings folder itself (tests, portable installs)
REVIEWER_ENV = "CLAIMDESK_REVIEWER"
SETTINGS_FILE = "settings.json"
REVIEWER_KEY = "reviewer"
MAX_NAME = 100
_MAX_FILE = 64 * 1024  # a settings file is a few lines; anything larger is not ours


class SettingsError(ClaimdeskError):
    """The settings file exists but cannot be read as ours; the message names it."""


class Source(StrEnum):
    """Where the name recorded on changes came from, in the order they are tried."""

    OPTION = "option"
    ENV = "env"
    SETTING = "setting"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Identity:
    name: str
    source: Source
    problem: str | None = None  # why the setting could not be used, when it could not


def settings_path() -> Path:
    folder = os.environ.get(CONFIG_ENV)
    base = Path(folder) if folder else user_config_path("Claimdesk", appauthor=False)
    return base / SETTINGS_FILE


def check_name(name: str) -> str:
    """The name as it will be recorded: trimmed, one line, of a sensible length."""
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("reviewer", "the name is empty")
    if len(cleaned) > MAX_NAME:
        raise ValidationError("reviewer", f"the name is longer than {MAX_NAME} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in cleaned):
        raise ValidationError("reviewer", "the name holds a control or formatting character")
    return cleaned


def saved_reviewer() -> str | None:
    """The name in the settings file, or None if none was saved yet."""
    value = _read().get(REVIEWER_KEY)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SettingsError(f"{settings_path()}: {REVIEWER_KEY!r} is not text")
    try:
        return check_name(value)
    except ValidationError as exc:
        raise SettingsError(f"{settings_path()}: {exc}") from None


def save_reviewer(name: str) -> str:
    """Save the name for the window and the command line alike; returns it as saved.

    Other keys of the file are kept. A file that cannot be read is replaced: it held
    nothing usable. Written to a temporary file and renamed over the old one, so a crash
    or a full disk leaves the old file whole.
    """
    cleaned = check_name(name)
    try:
        settings = dict(_read())
    except SettingsError:
        settings = {}
    settings[REVIEWER_KEY] = cleaned
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(settings, out, ensure_ascii=False, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return cleaned


def follow_merge(old: str, into: str) -> bool:
    """After `old` was merged into `into` in a library: a setting naming `old` now names `into`.

    Otherwise this user's next change would bring the merged-away name back.
    """
    try:
        if saved_reviewer() != old:
            return False
    except SettingsError:
        return False
    save_reviewer(into)
    return True


def resolve(option: str | None = None, env: Mapping[str, str] | None = None) -> Identity:
    """The name to record, and where it came from; never fails.

    A settings file that cannot be read is passed over (its problem is kept, for the
    caller to say), so a damaged file never stops anyone from working.
    """
    environ = os.environ if env is None else env
    if option and option.strip():
        return Identity(option.strip(), Source.OPTION)
    from_env = environ.get(REVIEWER_ENV, "").strip()
    if from_env:
        return Identity(from_env, Source.ENV)
    try:
        saved = saved_reviewer()
    except SettingsError as exc:
        return Identity(system_user(), Source.SYSTEM, problem=str(exc))
    if saved is not None:
        return Identity(saved, Source.SETTING)
    return Identity(system_user(), Source.SYSTEM)


def _read() -> dict[str, object]:
    path = settings_path()
    try:
        with path.open("rb") as raw:
            data = raw.read(_MAX_FILE + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > _MAX_FILE:
        raise SettingsError(f"{path}: larger than {_MAX_FILE // 1024} KB, not a settings file")
    try:
        settings = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(settings, dict):
        raise SettingsError(f"{path}: not a JSON object")
    return settings

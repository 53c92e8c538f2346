"""The shared reviewer name: where it is kept, the order names are chosen in, damaged files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimdesk.core import identity
from claimdesk.core.errors import ValidationError
from claimdesk.core.identity import Source
from claimdesk.core.reviewer import system_user


def test_the_setting_lives_in_the_isolated_config_folder(tmp_path: Path) -> None:
    assert identity.settings_path() == tmp_path / "claimdesk-config" / "settings.json"


def test_without_the_override_the_user_config_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(identity.CONFIG_ENV)
    path = identity.settings_path()
    assert path.is_relative_to(tmp_path / "xdg-config")  # $XDG_CONFIG_HOME on Linux
    assert path.name == "settings.json"


def test_names_are_chosen_option_then_environment_then_setting_then_login() -> None:
    assert identity.resolve() == identity.Identity(system_user(), Source.SYSTEM)
    identity.save_reviewer("  Ana Lima ")
    assert identity.resolve() == identity.Identity("Ana Lima", Source.SETTING)
    env = {identity.REVIEWER_ENV: "ana-env"}
    assert identity.resolve(env=env) == identity.Identity("ana-env", Source.ENV)
    assert identity.resolve("Bo", env=env) == identity.Identity("Bo", Source.OPTION)
    assert identity.resolve("  ", env={identity.REVIEWER_ENV: " "}).source is Source.SETTING


def test_saving_keeps_other_keys_and_leaves_no_temporary_file() -> None:
    path = identity.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"theme": "dark", "reviewer": "old"}), encoding="utf-8")
    assert identity.save_reviewer("Ana") == "Ana"
    assert json.loads(path.read_text(encoding="utf-8")) == {"theme": "dark", "reviewer": "Ana"}
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


def test_a_failed_write_leaves_the_saved_name_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    identity.save_reviewer("Ana")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        identity.save_reviewer("Bo")
    assert identity.saved_reviewer() == "Ana"
    assert [p.name for p in identity.settings_path().parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"reviewer": "Ana"', "not valid JSON"),
        (b'["Ana"]', "not a JSON object"),
        (b'{"reviewer": 7}', "'reviewer' is not text"),
        (b'{"reviewer": "a\\nb"}', "control or formatting character"),
        (b'{"reviewer": "\xff"}', "not UTF-8 text"),
        (b"{" + b" " * 70_000 + b"}", "not a settings file"),
    ],
)
def test_a_damaged_file_is_passed_over_and_named(content: bytes, problem: str) -> None:
    path = identity.settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    who = identity.resolve()
    assert (who.name, who.source) == (system_user(), Source.SYSTEM)
    assert who.problem is not None
    assert who.problem.startswith(f"{path}: ")
    assert problem in who.problem
    assert identity.save_reviewer("Ana") == "Ana"  # it held nothing usable: replaced
    assert identity.resolve() == identity.Identity("Ana", Source.SETTING)


def test_a_folder_where_the_file_should_be_is_named_too() -> None:
    identity.settings_path().mkdir(parents=True)
    problem = identity.resolve().problem
    assert problem is not None
    assert "cannot be read" in problem


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "the name is empty"),
        ("x" * 101, "longer than 100"),
        ("Ana\n2024-01-01 approved", "control or formatting"),
        ("Ana\u202e", "control or formatting"),
    ],
)
def test_names_that_would_mislead_are_refused(name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        identity.save_reviewer(name)
    assert caught.value.field == "reviewer"
    assert not identity.settings_path().exists()


def test_after_a_merge_a_setting_naming_the_old_name_follows_it() -> None:
    assert not identity.follow_merge("Ana", "ana")  # nothing saved
    identity.save_reviewer("Bo")
    assert not identity.follow_merge("Ana", "ana")
    assert identity.saved_reviewer() == "Bo"
    identity.save_reviewer("Ana")
    assert identity.follow_merge("Ana", "ana")
    assert identity.saved_reviewer() == "ana"

"""Settings from the environment: the PROVGUARD_* contract (names, coercion, precedence, errors).

These pin what pydantic-settings did before provguard read the environment itself: names match
case-insensitively, list fields are JSON, keyword arguments beat the environment, the environment
beats the config file, and a bad value is a ConfigError that names the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from provguard.config import Settings, SettingsError, load_settings
from provguard.errors import ConfigError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.lower().startswith("provguard_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PROVGUARD_DATA_DIR", str(tmp_path / "data"))


def test_defaults_and_types_from_strings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = Settings()
    assert s.port == 8080 and s.policy == "standard" and s.people_packs == [] and s.fail_open is False
    assert s.data_dir == tmp_path / "data" and s.db_url().startswith("sqlite:///")
    monkeypatch.setenv("PROVGUARD_PORT", "9001")
    monkeypatch.setenv("PROVGUARD_FAIL_OPEN", "yes")
    monkeypatch.setenv("PROVGUARD_UPSTREAM_TIMEOUT", "1e3")
    monkeypatch.setenv("PROVGUARD_AUDIT_KEY", "/keys/a.pem")
    monkeypatch.setenv("PROVGUARD_REVIEW_SEPARATION", "key")
    s = Settings()
    assert (s.port, s.fail_open, s.upstream_timeout) == (9001, True, 1000.0)
    assert s.audit_key == Path("/keys/a.pem") and s.review_separation == "key"
    assert s.model_fields_set >= {"port", "fail_open", "upstream_timeout", "audit_key", "data_dir"}


def test_names_match_case_insensitively(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("provguard_port", "9002")
    monkeypatch.setenv("Provguard_Host", "0.0.0.0")
    s = Settings()
    assert (s.port, s.host) == (9002, "0.0.0.0")


def test_unknown_variables_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVGUARD_NOT_A_SETTING", "1")
    assert Settings().port == 8080


@pytest.mark.parametrize(("raw", "expected"), [('["a.tsv", "b.tsv"]', [Path("a.tsv"), Path("b.tsv")]),
                                               ("null", [])])
def test_list_fields_are_json(monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[Path]) -> None:
    monkeypatch.setenv("PROVGUARD_PEOPLE_PACKS", raw)
    assert Settings().people_packs == expected


@pytest.mark.parametrize("raw", ["a.tsv", ""])
def test_a_list_field_that_is_not_json_names_the_field(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("PROVGUARD_PEOPLE_PACKS", raw)
    with pytest.raises(SettingsError, match='field "people_packs" from source "EnvSettingsSource"'):
        Settings()
    expected = 'invalid configuration: error parsing value for field "people_packs"'
    with pytest.raises(ConfigError, match=expected):
        load_settings()


def test_keyword_arguments_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVGUARD_PORT", "9001")
    assert Settings(port=1234).port == 1234
    assert load_settings(port=1234).port == 1234
    assert load_settings(port=None).port == 9001  # None overrides mean "not given"


def test_environment_beats_the_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "provguard.yaml"
    cfg.write_text("port: 9000\nlog-level: DEBUG\n", encoding="utf-8")
    monkeypatch.setenv("PROVGUARD_CONFIG", str(cfg))
    s = load_settings()
    assert (s.port, s.log_level) == (9000, "DEBUG")
    monkeypatch.setenv("PROVGUARD_PORT", "9001")
    assert load_settings().port == 9001


@pytest.mark.parametrize(("name", "raw", "kind"), [
    ("PROVGUARD_PORT", "abc", "int_parsing"), ("PROVGUARD_PORT", "0", "greater_than_equal"),
    ("PROVGUARD_WATERMARK", "sometimes", "literal_error"), ("PROVGUARD_FAIL_OPEN", "maybe", "bool_parsing"),
    ("PROVGUARD_STORE_LOCK_TIMEOUT", "301", "less_than_equal"),
])
def test_bad_values_name_the_field(monkeypatch: pytest.MonkeyPatch, name: str, raw: str, kind: str) -> None:
    monkeypatch.setenv(name, raw)
    field = name.removeprefix("PROVGUARD_").lower()
    with pytest.raises(ValidationError) as info:
        Settings()
    assert [(e["loc"], e["type"], e["input"]) for e in info.value.errors()] == [((field,), kind, raw)]
    expected = rf"invalid configuration: 1 validation error for Settings\n{field}\n"
    with pytest.raises(ConfigError, match=expected):
        load_settings()


def test_unknown_keyword_or_file_key_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Settings(bogus=1)
    cfg = tmp_path / "c.yaml"
    cfg.write_text("bogus: 1\n", encoding="utf-8")
    monkeypatch.setenv("PROVGUARD_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match="bogus"):
        load_settings()


@pytest.mark.parametrize("xdg", [None, "", "  ", "/tmp/xdg-data"])
def test_default_data_dir_is_platformdirs_own(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    import platformdirs

    from provguard.config import default_data_dir

    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert str(default_data_dir()) == platformdirs.user_data_dir("provguard", appauthor=False)

"""Settings come from defaults, then IKKAN_* variables, then flags; bad values say which."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikkan.settings import SETTINGS, load_settings


def test_defaults_serve_on_loopback_8080() -> None:
    settings = load_settings({}, environ={})
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.query_timeout == 30.0
    assert settings.service_endpoints == frozenset()


def test_environment_then_overrides() -> None:
    env = {"IKKAN_PORT": "9000", "IKKAN_IN_MEMORY": "yes", "IKKAN_SERVICE_ALLOWLIST": "a, b"}
    settings = load_settings({"port": None}, environ=env)
    assert settings.port == 9000
    assert settings.in_memory is True
    assert settings.service_endpoints == {"a", "b"}
    assert load_settings({"port": "9100"}, environ=env).port == 9100


def test_derived_paths_follow_project_dir(tmp_path: Path) -> None:
    settings = load_settings({"project_dir": str(tmp_path)}, environ={})
    assert settings.store_path == tmp_path / "build" / "store"
    assert settings.dist_path == tmp_path / "dist"
    assert settings.ontology_file == tmp_path / "ontology" / "ikkan.ttl"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"IKKAN_PORT": "eighty"}, "IKKAN_PORT"),
        ({"IKKAN_IN_MEMORY": "maybe"}, "IKKAN_IN_MEMORY"),
        ({"IKKAN_BASE_IRI": "https://example.org/x"}, "end with '/'"),
        ({"IKKAN_QUERY_TIMEOUT": "0"}, "IKKAN_QUERY_TIMEOUT"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_settings({}, environ=env)


def test_every_setting_has_help_and_env_name() -> None:
    for spec in SETTINGS:
        assert spec.help.strip(), spec.name
        assert spec.env_var == "IKKAN_" + spec.name.upper()

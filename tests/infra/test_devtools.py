"""Unit tests of the launcher helpers in devtools/ (the launchers themselves are exercised by make demo/test)."""
import environ
import pytest

from devtools import system_check
from devtools.embedded import (connection_kwargs, database_url, database_url_from_settings, mask_password,
                               port_is_free)


@pytest.mark.parametrize("settings_dict", [
    {"NAME": "vp", "HOST": "127.0.0.1", "PORT": 5432, "USER": "postgres", "PASSWORD": ""},
    {"NAME": "test_vp", "HOST": "db.example.se", "PORT": 6543, "USER": "app", "PASSWORD": "p@ss:w/rd"},
    {"NAME": "vp", "HOST": "/work/main/var/pgdata", "PORT": "", "USER": "postgres", "PASSWORD": ""},
    {"NAME": "vp", "HOST": "/tmp/sockets", "PORT": 5433, "USER": "postgres", "PASSWORD": ""},
])
def test_database_url_parses_back_to_the_same_settings(settings_dict):
    url = database_url_from_settings(settings_dict)
    parsed = environ.Env.db_url_config(url)
    options = parsed.get("OPTIONS", {})
    assert parsed["NAME"] == settings_dict["NAME"]
    assert parsed["HOST"] == settings_dict["HOST"]
    socket_default_port = settings_dict["HOST"].startswith("/") and settings_dict["PORT"] in ("", 5432)
    assert (parsed["PORT"] or options.get("port") or "") == ("" if socket_default_port else settings_dict["PORT"])
    assert parsed["USER"] == settings_dict["USER"] and parsed["PASSWORD"] == settings_dict["PASSWORD"]


def test_connection_kwargs_for_a_socket_url():
    url = database_url(name="vp", host="/work/main/var/pgdata")
    assert url == "postgres://postgres@//work/main/var/pgdata/vp"
    assert connection_kwargs(url) == {"dbname": "vp", "user": "postgres", "host": "/work/main/var/pgdata"}


def test_passwords_are_masked_in_printed_urls():
    assert mask_password("postgres://app:secret@db:5432/vp") == "postgres://app:***@db:5432/vp"
    assert mask_password("redis://:secret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert mask_password("postgres://postgres@//var/pgdata/vp") == "postgres://postgres@//var/pgdata/vp"


def test_port_is_free_sees_a_listener():
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert not port_is_free(listener.getsockname()[1])


def test_system_check_prints_the_install_command_when_not_root(monkeypatch, capsys):
    missing = system_check.Requirement("softhsm2", "cards", lambda: False)
    monkeypatch.setattr(system_check, "REQUIREMENTS", [missing, system_check.Requirement("gcc", "cc", lambda: True)])
    monkeypatch.setattr(system_check.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(system_check.shutil, "which", lambda name: "/usr/bin/" + name)
    assert system_check.main(["system_check.py", "demo"]) == 1
    out = capsys.readouterr().out
    assert "missing softhsm2" in out
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends softhsm2" in out
    assert "gcc" not in out.split("install -y")[1]


def test_system_check_passes_when_everything_is_there(monkeypatch):
    monkeypatch.setattr(system_check, "REQUIREMENTS", [system_check.Requirement("x", "y", lambda: True)])
    assert system_check.main(["system_check.py", "test"]) == 0


def test_system_check_lists_the_ci_packages(capsys):
    assert system_check.main(["system_check.py", "ci", "--print"]) == 0
    packages = capsys.readouterr().out.split()
    for package in ("softhsm2", "chromium", "poppler-utils", "libpango-1.0-0", "gcc"):
        assert package in packages

"""Janus in the deployment files and the launcher's generated configuration."""
from pathlib import Path

import yaml

from devtools import janus as launcher
from devtools import system_check

BASE_DIR = Path(__file__).resolve().parents[2]


def test_compose_has_a_janus_service_with_a_health_check():
    services = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"]
    janus = services["janus"]
    assert (BASE_DIR / janus["build"]["dockerfile"]).exists()
    check = janus["healthcheck"]["test"]
    assert check[:4] == ["CMD", "python3", "-m", "devtools.janus"] and "--check" in check
    assert janus["command"][:3] == ["python3", "-m", "devtools.janus"]
    assert not any(str(p).split(":")[-2:-1] == ["7088"] for p in janus["ports"]), "the admin API is never published"
    assert "janus" in (BASE_DIR / "devtools/docker/janus.Dockerfile").read_text()


def test_system_check_and_ci_install_janus():
    assert any(r.package == "janus" and {"demo", "test", "ci"} <= r.targets for r in system_check.REQUIREMENTS)
    assert " janus" in (BASE_DIR / ".ci/run").read_text()


def test_generated_configuration(tmp_path):
    config = launcher.JanusConfig(http_port=18088, admin_port=17088, directory=tmp_path, allow_origin="http://x")
    folder = launcher.write_config(config)
    janus = (folder / "janus.jcfg").read_text()
    assert "token_auth = true" in janus and f'admin_secret = "{config.admin_secret}"' in janus
    assert "libjanus_videoroom.so" not in janus.split("plugins: {")[1].split("}")[0]  # not disabled
    assert "libjanus_echotest.so" in janus and "libjanus_websockets.so" in janus  # everything else is
    http = (folder / "janus.transport.http.jcfg").read_text()
    assert 'admin_ip = "127.0.0.1"' in http and "admin_port = 17088" in http and 'allow_origin = "http://x"' in http
    assert f'admin_key = "{config.room_admin_key}"' in (folder / "janus.plugin.videoroom.jcfg").read_text()
    assert oct((folder / "janus.jcfg").stat().st_mode & 0o777) == "0o600"


def test_health_check_mode(janus_server):
    assert launcher.main(["--check", janus_server.config.url]) == 0
    assert launcher.main(["--check", "http://127.0.0.1:9/janus"]) == 1

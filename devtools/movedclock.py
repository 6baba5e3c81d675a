"""The whole suite with every clock moved: `make test-moved-clock AT="2028-02-29 12:00"`.

    .venv/bin/python -m devtools.movedclock "2028-02-29 12:00" [pytest arguments]
    .venv/bin/python -m devtools.movedclock --all [pytest arguments]    # the four moments below, one after another

The moment is UTC. libfaketime (Debian package `faketime`) is preloaded into this launcher and so into every
process it starts (after a small shim of ours, devtools/faketime_sem_clockwait.c, so that timed waits on
locks still end): pytest, the embedded PostgreSQL (its `now()`), the embedded Redis, the Celery workers,
gunicorn and Chromium. Every process gets the same offset from the real clock (not a fixed start time), so
they agree with each other and time still runs. DATABASE_URL and REDIS_URL are ignored: a server that was
started outside the moved clock would answer `now()` with the real date, so fresh embedded servers are
started under var/moved-clock/ and removed afterwards.

Install first (`make test` once, or `make install-test`): package downloads fail TLS checks in a moved clock.
"""
from __future__ import annotations

import datetime
import glob
import os
import shutil
import subprocess
import sys
import time

from devtools.embedded import BASE_DIR, DEFAULT_VAR_DIR

# Moments where date rules turn: the CI sample (tests/infra/test_moved_clock.py) draws from these.
TRICKY_MOMENTS = (
    "2028-02-29 12:00", "2031-12-31 23:30", "2029-03-25 00:30", "2029-10-28 00:30", "2030-02-28 23:30",
    "2027-06-25 22:30", "2030-12-31 22:59", "2032-02-29 00:15", "2027-01-03 23:45", "2028-03-26 01:30",
    # Saturday 23:40 Stockholm with the clocks going back that night (now + 24 h is still Sunday the 31st),
    # and a Sunday 23:45 on a month's last day.
    "2027-10-30 21:40", "2033-07-31 21:45",
)
# Today's date, a leap day, a year's last half hour, and half an hour before Stockholm's clocks go forward
# (02:00 CET on 2029-03-25 is 01:00 UTC).
MOMENTS = ("now", "2028-02-29 12:00", "2031-12-31 23:30", "2029-03-25 00:30")
LIBRARY_PATTERNS = ("/usr/lib/*/faketime/libfaketimeMT.so.1", "/usr/lib/faketime/libfaketimeMT.so.1",
                    "/usr/local/lib/faketime/libfaketimeMT.so.1")


def faketime_library() -> str | None:
    for pattern in LIBRARY_PATTERNS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


SHIM_SOURCE = BASE_DIR / "devtools" / "faketime_sem_clockwait.c"


def sem_clockwait_shim() -> str:
    """The preload library that lets timed waits on locks end in a moved clock (see the C file), built once."""
    target = DEFAULT_VAR_DIR / "faketime-shim" / "sem_clockwait.so"
    if not target.exists() or target.stat().st_mtime < SHIM_SOURCE.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = target.with_name(f"{target.name}.{os.getpid()}")
        subprocess.run([shutil.which("gcc") or "cc", "-shared", "-fPIC", "-O2", "-o", str(building), str(SHIM_SOURCE),
                        "-ldl"], check=True)
        os.replace(building, target)  # atomic: parallel runs never preload a half-written file
    return str(target)


def parse_moment(text: str) -> datetime.datetime | None:
    """'now' (the real clock), or a UTC moment as 'YYYY-MM-DD HH:MM[:SS]'."""
    if text == "now":
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            continue
    raise SystemExit(f"Unknown moment {text!r}: write it as 'YYYY-MM-DD HH:MM' (UTC) or 'now'.")


def real_time() -> float:
    """The real clock's time, also from inside a moved clock (whose offset FAKETIME holds)."""
    try:
        offset = float(os.environ.get("FAKETIME", "")) if "faketime" in os.environ.get("LD_PRELOAD", "") else 0.0
    except ValueError:
        offset = 0.0
    return time.time() - offset


def moved_environment(moment: datetime.datetime | None, library: str, var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["VARDPORTALEN_TEST_SERVICES_DIR"] = var_dir
    env["VARDPORTALEN_VAR_DIR"] = var_dir
    if moment is None:
        return env
    offset = moment.timestamp() - real_time()
    preloaded = [entry for entry in env.get("LD_PRELOAD", "").split() if "faketime" not in entry and "sem_clockwait" not in entry]
    env["LD_PRELOAD"] = " ".join([sem_clockwait_shim(), library, *preloaded])
    env["FAKETIME"] = f"{offset:+.0f}"  # an offset in seconds, the same for every process started below
    return env


def run_at(text: str, pytest_args: list[str], library: str, *, var_dir: str | None = None) -> tuple[int, float]:
    moment = parse_moment(text)
    var_dir = var_dir or str(DEFAULT_VAR_DIR / "moved-clock")
    shutil.rmtree(var_dir, ignore_errors=True)  # never adopt a server started under another clock
    env = moved_environment(moment, library, var_dir)
    label = "the real clock" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"
    print(f"\n==> The suite at {label}", flush=True)
    started = time.monotonic()
    try:
        code = subprocess.call([sys.executable, "-m", "devtools.testrun", *pytest_args], cwd=BASE_DIR, env=env)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"==> {label}: exit {code} after {elapsed / 60:.1f} min", flush=True)
    return code, elapsed


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    library = faketime_library()
    if library is None:
        print("libfaketime is missing: apt-get install faketime (or run `make test-moved-clock`, which checks it).")
        return 1
    moments, pytest_args = (MOMENTS, argv[1:]) if argv[0] == "--all" else ((argv[0],), argv[1:])
    results = [(text, *run_at(text, pytest_args, library)) for text in moments]
    print("\n==> Summary")
    for text, code, elapsed in results:
        print(f"  {text:<18} {'passed' if code == 0 else f'FAILED (exit {code})':<18} {elapsed / 60:5.1f} min")
    return next((code for _text, code, _elapsed in results if code != 0), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

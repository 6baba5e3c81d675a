"""`make test-moved-clock`: every process of a run agrees on one moved clock, the database's now() included."""
import datetime
import os
import random
import subprocess
import sys

import pytest
from django.db import connection
from django.utils import timezone

from devtools import movedclock


def test_database_and_python_agree_on_the_time():
    # Under `make test-moved-clock` this is what proves the embedded PostgreSQL runs in the moved clock too.
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        database_now = cursor.fetchone()[0]
    assert abs(database_now - timezone.now()) < datetime.timedelta(minutes=2)


@pytest.mark.parametrize("moment", ["2028-02-29 12:00", "2031-12-31 23:30", "2029-03-25 00:30"])
def test_a_child_process_runs_at_the_moment(moment, tmp_path):
    library = movedclock.faketime_library()
    assert library, "libfaketime is installed by `make test` (devtools/system_check.py) and .ci/run"
    env = movedclock.moved_environment(movedclock.parse_moment(moment), library, str(tmp_path))
    code = ("import datetime, threading, time; t = time.monotonic(); time.sleep(0.05); "
            "lock = threading.Lock(); lock.acquire(); "
            "print(datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M'), "
            "time.monotonic() - t >= 0.05, lock.acquire(timeout=0.2))")
    # A timed wait on a lock (pool, queue, thread join) must end after its timeout, not after the clock's offset.
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         timeout=20).stdout
    shown, slept, acquired = out.strip().rsplit(" ", 2)
    assert acquired == "False"
    target = datetime.datetime.strptime(moment, "%Y-%m-%d %H:%M")
    assert abs(datetime.datetime.strptime(shown, "%Y-%m-%d %H:%M") - target) <= datetime.timedelta(minutes=2)
    assert slept == "True"  # sleeping still works (libfaketime's DONT_FAKE_MONOTONIC breaks Python's sleep)
    assert "DATABASE_URL" not in env and "REDIS_URL" not in env


def test_moments_are_utc_and_refused_when_unreadable():
    assert movedclock.parse_moment("2029-03-25 00:30").tzinfo is datetime.timezone.utc
    assert movedclock.parse_moment("now") is None
    with pytest.raises(SystemExit, match="YYYY-MM-DD HH:MM"):
        movedclock.parse_moment("25 mars 2029")


# The date-heavy rule modules, run under a moved clock in every CI run (a fixed, seeded sample of moments);
# `make test-moved-clock` runs the whole suite at the four moments of the issue.
SAMPLE_MODULES = [
    "tests/test_identitet.py",
    "tests/invanare/test_aldersgranser.py",
    "tests/invanare/test_behorighet.py",
    "tests/invanare/test_demo_ombud.py",
    "tests/bokning/test_regler.py",
    "tests/forlossning/test_services.py",
    "tests/edokument/test_svep.py",
    "tests/demo/test_population.py",
]
SAMPLE_SEED = int(os.environ.get("MOVED_CLOCK_SEED", "2026"))


@pytest.mark.skipif(bool(os.environ.get("FAKETIME")), reason="already inside a moved clock")
@pytest.mark.parametrize("moment", random.Random(SAMPLE_SEED).sample(movedclock.TRICKY_MOMENTS, 2))
def test_date_rules_hold_at_a_sampled_moment(moment, tmp_path):
    library = movedclock.faketime_library()
    assert library
    code, _elapsed = movedclock.run_at(moment, ["-q", "-p", "no:cacheprovider", *SAMPLE_MODULES], library,
                                       var_dir=str(tmp_path / "services"))
    assert code == 0, f"date-dependent tests failed at {moment} UTC (MOVED_CLOCK_SEED={SAMPLE_SEED})"

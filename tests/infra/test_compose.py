"""docker-compose.yml, Dockerfile and .env.example, checked by reading them (Docker does not run in CI):
every command a container runs must exist in this project, every long-running service has a health check,
and every variable the settings read is documented.
"""
import importlib
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("postgres", "redis", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def argv(command) -> list[str]:
    return list(command) if isinstance(command, list) else shlex.split(command)


def healthcheck_argv(service: dict) -> list[str]:
    test = service["healthcheck"]["test"]
    if isinstance(test, str):
        return shlex.split(test)
    kind, *rest = test
    if kind == "CMD-SHELL":
        return shlex.split(rest[0].replace("$$", "$"))
    assert kind == "CMD", test
    return rest


def find_celery_app(name: str):
    from celery.app.utils import find_app

    return find_app(name)


def assert_runs_in_project(args: list[str]) -> None:
    """The program and the module/app/command it is given exist here."""
    program = Path(args[0]).name
    if program == "gunicorn":
        from gunicorn.config import Config

        Config().parser().parse_args(args[1:])  # SystemExit on an unknown option
        target = next(a for a in args[1:] if not a.startswith("-"))
        module_name, _, attribute = target.partition(":")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, attribute or "application")), target
    elif program == "celery":
        app_name = args[args.index("-A") + 1]
        app = find_celery_app(app_name)
        assert app.main == "vardportalen"
        subcommand = next(a for a in args[args.index("-A") + 2:] if not a.startswith("-"))
        assert subcommand in ("worker", "beat", "inspect"), args
    elif program in ("python", "python3"):
        if args[1] == "-m":
            assert importlib.util.find_spec(args[2]) is not None, args
        else:
            assert (BASE_DIR / args[1]).exists(), args
            if Path(args[1]).name == "manage.py":
                assert args[2] in get_commands(), f"manage.py {args[2]} does not exist"
    else:
        pytest.fail(f"unexpected program {args[0]!r} in {args}")


def test_the_stack_has_the_expected_services(services):
    assert set(LONG_RUNNING) | {"migrate"} <= set(services)
    assert services["postgres"]["image"].split(":")[1].startswith("16")
    assert services["redis"]["image"].split(":")[1].startswith("7")
    for name in APP_SERVICES:
        assert services[name].get("build") == ".", name
        assert services[name]["env_file"] in (".env", [".env"]), name
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "vardportalen.settings.production"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_command_refers_to_something_in_the_project(services, name):
    assert_runs_in_project(argv(services[name]["command"]))


def test_gunicorn_and_celery_accept_the_options_given(services):
    """Parsed by the programs themselves, so a misspelt or removed option fails here, not at deploy time."""
    assert_runs_in_project(argv(services["web"]["command"]))  # gunicorn parses its options there
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vardportalen.settings.test"}
    for name in ("worker", "beat"):
        args = argv(services[name]["command"])
        result = subprocess.run([sys.executable, "-m", "celery", *args[1:], "--help"], cwd=BASE_DIR, env=env,
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, f"{name}: {result.stderr[-2000:]}"


def test_web_runs_the_wsgi_application_and_workers_the_celery_app(services):
    assert "vardportalen.wsgi:application" in argv(services["web"]["command"])
    worker, beat = argv(services["worker"]["command"]), argv(services["beat"]["command"])
    assert worker[:4] == ["celery", "-A", "vardportalen", "worker"]
    assert beat[:4] == ["celery", "-A", "vardportalen", "beat"]
    assert argv(services["migrate"]["command"]) == ["python", "manage.py", "migrate", "--noinput"]


def test_the_beat_schedule_only_names_registered_tasks():
    app = find_celery_app("vardportalen")
    app.loader.import_default_modules()  # what the worker does at start: autodiscover every app's tasks
    schedule = app.conf.beat_schedule
    assert schedule, "CELERY_BEAT_SCHEDULE is empty"
    missing = {entry["task"] for entry in schedule.values()} - set(app.tasks)
    assert not missing, f"beat would send tasks no worker knows: {sorted(missing)}"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_services_have_health_checks(services, name):
    check = services[name]["healthcheck"]
    assert check["test"] and check.get("interval") and check.get("retries")


def test_health_checks_test_the_right_thing(services):
    assert healthcheck_argv(services["postgres"])[0] == "pg_isready"
    assert healthcheck_argv(services["redis"]) == ["redis-cli", "ping"]
    web = healthcheck_argv(services["web"])
    assert_runs_in_project(web)
    assert any(arg.endswith(reverse("health")) for arg in web), web
    assert reverse("health") == "/halsa/"
    worker = healthcheck_argv(services["worker"])
    assert_runs_in_project(worker)
    assert worker[3:5] == ["inspect", "ping"]


def test_health_endpoint_is_public(client):
    response = client.get("/halsa/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_web_health_check_script_against_a_running_server(live_server):
    from devtools.healthcheck import check, host_header

    ok, detail = check(f"{live_server.url}/halsa/", host="localhost")
    assert ok, detail
    ok, detail = check(f"{live_server.url}/finns-inte/", host="localhost")
    assert not ok
    assert host_header(".example.se,other.se") == "example.se"
    assert host_header("*") == host_header(None) == "localhost"


def test_services_start_in_order(services):
    for name in ("web", "worker", "beat", "migrate"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"].get("restart") == "no"


def test_bind_mounts_exist(services):
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            if source.startswith("."):
                assert (BASE_DIR / source).exists(), f"{name}: {source}"


def _env_example_names() -> set[str]:
    names = set()
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_compose_variables_are_in_env_example(compose):
    text = (BASE_DIR / "docker-compose.yml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))
    assert used, "expected ${VAR} interpolation in docker-compose.yml"
    assert used <= _env_example_names(), sorted(used - _env_example_names())


SETTINGS_READ = re.compile(
    r"""(?:env|Env\(\))\.(?:str|bool|int|float|list|tuple|dict|json|url|db_url|cache_url|email_url|path|db)"""
    r"""\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.environ(?:\.get|\.setdefault)?[(\[]\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\benv\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def test_every_variable_the_settings_read_is_in_env_example():
    read = set()
    for path in (BASE_DIR / "vardportalen" / "settings").glob("*.py"):
        for match in SETTINGS_READ.finditer(path.read_text()):
            read.add(next(group for group in match.groups() if group))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read  # the pattern still finds them
    undocumented = read - _env_example_names()
    assert not undocumented, f"add these to .env.example (with a comment): {sorted(undocumented)}"


def test_env_example_holds_no_real_secrets():
    values = dict(line.split("=", 1) for line in (BASE_DIR / ".env.example").read_text().splitlines()
                  if re.match(r"^[A-Z][A-Z0-9_]*=", line))
    assert "change-me" in values["DJANGO_SECRET_KEY"]
    for key, value in values.items():
        if "PASSWORD" in key or "SECRET" in key:
            assert value == "" or "change-me" in value, key


# --- Dockerfile -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dockerfile():
    text = (BASE_DIR / "Dockerfile").read_text()
    return re.sub(r"\\\n", " ", text)  # join continuation lines


def test_dockerfile_builds_from_python_311_slim_with_pango(dockerfile):
    stages = re.findall(r"^FROM\s+(\S+)", dockerfile, flags=re.M)
    assert stages and all(image.startswith("python:3.11-slim") for image in stages)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in dockerfile
    assert re.search(r"pip install\b[^\n]*\s\.(\s|$)", dockerfile), "the project itself is pip-installed"
    assert "manage.py collectstatic --noinput" in dockerfile
    assert re.search(r"^USER\s+(?!root)\S+", dockerfile, flags=re.M), "the app must not run as root"


def test_dockerfile_copies_only_what_exists(dockerfile):
    for line in re.findall(r"^COPY\s+(.+)$", dockerfile, flags=re.M):
        if "--from=" in line:
            continue
        *sources, _destination = shlex.split(line)
        for source in sources:
            assert (BASE_DIR / source).exists(), f"COPY {source}: no such file"


def test_dockerfile_commands_run_in_the_project(dockerfile):
    cmd = re.search(r"^CMD\s+(\[.*\])$", dockerfile, flags=re.M).group(1)
    assert_runs_in_project(yaml.safe_load(cmd))
    health = re.search(r"^HEALTHCHECK.*CMD\s+(\[.*\])$", dockerfile, flags=re.M).group(1)
    assert_runs_in_project(yaml.safe_load(health))
    assert (BASE_DIR / "manage.py").exists()


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = (BASE_DIR / ".dockerignore").read_text().split()
    for entry in (".env", ".venv", "var", ".git"):
        assert entry in ignored


def test_collectstatic_works_with_the_production_storage(tmp_path):
    """The Dockerfile's collectstatic step: the hashed manifest storage must find every file the CSS references."""
    (tmp_path / "collect_settings.py").write_text(
        "from vardportalen.settings.production import *  # noqa\n"
        f"STATIC_ROOT = {str(tmp_path / 'static')!r}\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{tmp_path}:{BASE_DIR}",
           "DJANGO_SETTINGS_MODULE": "collect_settings", "DJANGO_SECRET_KEY": "collectstatic-only-not-a-secret",
           "DATABASE_URL": "postgres://build@localhost/build", "REDIS_URL": "redis://localhost:6379/0"}
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR,
                            env=env, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()

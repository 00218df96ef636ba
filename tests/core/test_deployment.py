"""docker-compose.yml and the Dockerfile, checked without a Docker engine: every command names
something real, every environment variable is one the settings read, every long-running service
has a health check, and gunicorn and `check --deploy` accept the production settings."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import os
import re
import runpy
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.utils.module_loading import import_string

from tools.prod_lock import main_dependencies, pinned_name, runtime_closure

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
WORKERS = ["worker-money", "worker-messages", "worker-long", "worker-ops"]
APP_SERVICES = ["migrate", "web", *WORKERS, "beat"]
LONG_RUNNING = ["postgres", "redis", "web", *WORKERS, "beat"]
# What a production deployment must set; each is read by cwf/settings.
REQUIRED_ENV = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "SITE_URL",
}
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cwf.settings.production",
    "SECRET_KEY": "deployment-test-" + "k" * 40,
    "ALLOWED_HOSTS": "grants.example.org",
    "SITE_URL": "https://grants.example.org",
    "DATABASE_URL": "postgres://cwf:secret@postgres:5432/cwf",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "CACHE_URL": "rediscache://redis:6379/1",
    "EMAIL_URL": "smtp+tls://user:password@smtp.example.org:587",
}


def _settings_env_names() -> set[str]:
    """Every environment variable cwf/settings reads, found in its source."""
    source = "\n".join(p.read_text() for p in (ROOT / "cwf" / "settings").glob("*.py"))
    return set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", source))


def _command(service: str) -> list[str]:
    command = SERVICES[service].get("command")
    return command if isinstance(command, list) else str(command).split()


def _dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return yaml.safe_load(re.search(r"^CMD (\[.*\])", text, re.MULTILINE).group(1))


def test_the_production_shape_has_every_service():
    assert set(SERVICES) == {"postgres", "redis", "migrate", "web", "beat", *WORKERS}
    assert SERVICES["postgres"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"


def test_every_long_running_service_has_a_health_check():
    for name in LONG_RUNNING:
        check = SERVICES[name].get("healthcheck", {})
        assert check.get("test"), name
    assert "pg_isready" in " ".join(SERVICES["postgres"]["healthcheck"]["test"])
    assert "redis-cli" in SERVICES["redis"]["healthcheck"]["test"]


def test_app_services_wait_for_what_they_need():
    migrate = SERVICES["migrate"]["depends_on"]
    assert migrate["postgres"]["condition"] == "service_healthy"
    for name in ("web", *WORKERS, "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["redis"]["condition"] == "service_healthy", name
    assert SERVICES["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_environment_variables_are_the_ones_the_settings_read():
    read = _settings_env_names()
    assert read >= REQUIRED_ENV
    for name in APP_SERVICES:
        env = SERVICES[name]["environment"]
        assert set(env) >= REQUIRED_ENV, name
        unknown = set(env) - read - {"DJANGO_SETTINGS_MODULE"}
        assert not unknown, f"{name} sets variables no setting reads: {unknown}"
        module = env["DJANGO_SETTINGS_MODULE"]
        assert importlib.util.find_spec(module) is not None, module


def test_secrets_and_addresses_must_be_given_not_defaulted():
    env = SERVICES["web"]["environment"]
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL"):
        assert ":?" in env[name], f"{name} must be required (${{{name}:?...}}), not defaulted"
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]


def _gunicorn_config(command: list[str]) -> str:
    """The --config file a gunicorn command line names (either spelling)."""
    for i, arg in enumerate(command):
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
        if arg in ("--config", "-c"):
            return command[i + 1]
    raise AssertionError(f"no --config in {command}")


def test_the_web_command_serves_the_wsgi_application_with_several_workers():
    """Compose and the image run gunicorn with gunicorn.conf.py (the load test's configuration
    too): gthread workers, at least two of them, with threads so database waits overlap."""
    for command in (_command("web"), _dockerfile_cmd()):
        assert command[0] == "gunicorn"
        module, _, attribute = command[-1].partition(":")
        assert callable(getattr(importlib.import_module(module), attribute))
        assert _gunicorn_config(command) == "gunicorn.conf.py"
        assert not [a for a in command if a.startswith(("--workers", "-w", "--worker-class"))]
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread"
    assert config["workers"] >= 2
    assert config["threads"] >= 2


def test_the_load_test_runs_production_s_server_configuration():
    from devtools.bench import load

    assert load.GUNICORN_CONFIG == "gunicorn.conf.py"
    assert "--workers" not in inspect.getsource(load)


def _celery_context(command: list[str]):
    """Parse a `celery -A cwf <sub> ...` command line the way celery would."""
    assert command[:3] == ["celery", "-A", "cwf"], command
    from cwf import celery_app

    assert celery_app.main == "cwf"
    sub, *args = command[3:]
    obj = CLIContext(app=celery_app, no_color=True, workdir=None)
    return celery_cli.commands[sub].make_context(sub, args, obj=obj)


def test_the_worker_and_beat_commands_are_valid_celery_command_lines():
    from cwf import celery_app

    for name in WORKERS:
        _celery_context(_command(name))
    beat = _celery_context(_command("beat"))
    assert beat.params["scheduler"] == "django_celery_beat.schedulers:DatabaseScheduler"
    import_string(beat.params["scheduler"].replace(":", "."))
    assert "heartbeat" in celery_app.conf.beat_schedule


def test_health_check_commands_are_real():
    for name in WORKERS:
        worker_check = SERVICES[name]["healthcheck"]["test"][1].replace("$$", "$")
        _celery_context(worker_check.split())
    for name in ("web", "beat"):
        test = SERVICES[name]["healthcheck"]["test"]
        assert test[:4] == ["CMD", "python", "manage.py", "healthcheck"], name
        assert "healthcheck" in get_commands()
        load_command_class("cwf.core", "healthcheck").create_parser(
            "manage.py", "healthcheck"
        ).parse_args(test[4:])


def test_the_dockerfile_builds_the_frontend_and_runs_as_a_non_root_user():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM node:\S+ AS frontend", text, re.MULTILINE)
    assert "npm ci" in text and "npm run build" in text
    assert re.search(r"^FROM python:3\.11-slim\S* AS app", text, re.MULTILINE)
    assert "libpango-1.0-0" in text
    assert "collectstatic --noinput" in text
    assert re.search(r"^USER cwf$", text, re.MULTILINE)


def _image_requirements() -> dict[str, str]:
    """What the image's `pip install -r` lines install: canonical name -> pinned line."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    files = re.findall(r"pip install [^&\n]*?-r (\S+)", text)
    assert files == ["requirements-prod.lock"], files
    assert not re.search(r"pip install (?![^&\n]*-r )", text), "pip installs something unlisted"
    lines = (ROOT / files[0]).read_text().splitlines()
    return {pinned_name(line): line for line in lines if line and not line.startswith("#")}


def test_the_production_image_installs_no_test_or_lint_tools():
    image = _image_requirements()
    for tool in ("pytest", "pytest-django", "pytest-xdist", "ruff", "playwright", "hypothesis",
                 "factory-boy", "faker", "greenlet"):  # fmt: skip
        assert tool not in image, f"the production image would install {tool}"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for dependency in pyproject["project"]["optional-dependencies"]["dev"]:
        assert pinned_name(dependency) not in image, dependency


def test_the_production_image_has_what_the_application_runs_on_at_the_tested_versions():
    image = _image_requirements()
    tested = {pinned_name(line): line for line in (ROOT / "requirements.lock").read_text().split()}
    assert all(tested[name] == line for name, line in image.items()), "versions differ"
    # Exactly the run-time closure, as `make lock` writes it (so `pip check` passes in the image).
    assert set(image) == runtime_closure(main_dependencies())
    # Every third-party module the application imports comes from a package the image installs.
    owners = metadata.packages_distributions()
    for module in sorted(_third_party_imports()):
        assert any(pinned_name(d) in image for d in owners[module]), module


def test_the_demo_and_the_bench_stay_out_of_production():
    """devtools (the demo data and the benchmark) is installed by the dev and test settings only,
    and the image leaves it out; no product app imports it (import-linter's layers)."""
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "devtools" in ignored
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(settings.INSTALLED_APPS)"
    result = _run([sys.executable, "-c", script])  # with the production settings
    assert result.returncode == 0, result.stderr
    assert "devtools" not in result.stdout
    assert "devtools" in settings.INSTALLED_APPS
    assert not list(ROOT.glob("*/demo*.py")) and not list(ROOT.glob("*/*/demo*.py"))
    assert not (ROOT / "reporting" / "bench").exists()


def _third_party_imports() -> set[str]:
    product = ("cwf", "grants", "partnerships", "participation", "reporting", "privacy")
    ours = {*product, "devtools", "tests"}
    found: set[str] = set()
    for package in product:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found - ours - set(sys.stdlib_module_names)


def _run(args: list[str], **extra: str) -> subprocess.CompletedProcess:
    env = {
        **extra,
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "CWF_VAR_DIR": str(Path(settings.VAR_DIR) / "deployment"),
        **PRODUCTION_ENV,
    }
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
def test_gunicorn_loads_the_application_with_production_settings():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = _run([str(gunicorn), "--check-config", "cwf.wsgi:application"])
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_production_settings_pass_check_deploy():
    result = _run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_production_reads_the_client_address_from_the_proxy():
    """Behind the TLS proxy every request comes from the proxy's address: the sign-in limits
    (allauth) and the API's throttles (DRF) must read the client's from X-Forwarded-For."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES'])"
    )
    result = _run([sys.executable, "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1"]


def _queues(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(","))


def test_every_queue_has_its_own_worker_in_compose_and_the_procfile():
    """Issue 21, finding 4: money, messages, heartbeats and long jobs on separate queues, each
    consumed by its own worker, so none waits behind another; every routed queue is consumed."""
    from cwf import celery_app

    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {"celery"} == set(settings.CWF_QUEUES)
    compose = [_queues(_command(name)) for name in WORKERS]
    procfile = [
        _queues(line.split(":", 1)[1].split())
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("worker")
    ]
    for consumers in (compose, procfile):
        assert set().union(*consumers) == set(settings.CWF_QUEUES)
        assert all(len(queues & {"money", "messages", "long"}) <= 1 for queues in consumers)
    route = celery_app.amqp.router.route
    assert route({}, "grants.tasks.tranches_release_due")["queue"].name == "money"
    assert route({}, "cwf.core.tasks.outbox_send")["queue"].name == "messages"
    assert route({}, "cwf.core.tasks.heartbeat")["queue"].name == "heartbeat"
    assert route({}, "reporting.tasks.board_pack_build")["queue"].name == "long"
    # Every task of the project is routed, or is a short sweep on the ops worker's queue.
    sweeps = {
        "cwf.core.tasks.submission_keys_prune",
        "grants.tasks.pending_receipts_clear",
        "partnerships.tasks.import_batches_recover",
        "reporting.tasks.board_packs_resume",
        "participation.tasks.budgets_close_due",
    }
    apps = ("cwf.", "grants.", "partnerships.", "reporting.", "privacy.", "participation.")
    for name in celery_app.tasks:
        if name.startswith(apps):
            queue = route({}, name)["queue"].name
            assert (queue == "celery") == (name in sweeps), (name, queue)


@pytest.mark.slow
def test_a_killed_workers_task_comes_back_within_the_visibility_timeout():
    """The broker re-delivers an unacknowledged task after visibility_timeout: half an hour,
    longer than the longest task's hard time limit (so a running task is never doubled)."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.CELERY_TASK_TIME_LIMIT)"
    )
    result = _run([sys.executable, "-c", code])
    assert result.returncode == 0, result.stderr
    visibility, limit = (int(n) for n in result.stdout.split())
    assert limit < visibility <= 30 * 60


@pytest.mark.slow
def test_production_logs_json_and_reports_errors_to_sentry_only_with_a_dsn():
    code = (
        "import django; django.setup(); import sentry_sdk; from django.conf import settings as s; "
        "print(s.LOGGING['handlers']['console']['formatter'], sentry_sdk.get_client().is_active())"
    )
    without = _run([sys.executable, "-c", code])
    assert without.returncode == 0, without.stderr
    assert without.stdout.split() == ["json", "False"]
    with_dsn = _run([sys.executable, "-c", code], SENTRY_DSN="https://public@sentry.example.org/1")
    assert with_dsn.stdout.split() == ["json", "True"], with_dsn.stderr

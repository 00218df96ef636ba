"""`manage.py healthcheck`: the /health/ checks from the command line, for container health
checks and monitoring scripts. Exits 0 when every named check passes, 1 otherwise.

    manage.py healthcheck                          # every check, run here
    manage.py healthcheck beat                     # only beat: the beat container's check
    manage.py healthcheck --http database cache    # ask the running web server instead

With --http it asks /health/?format=json on this machine, so it also proves that the web server
answers. It sends the first ALLOWED_HOSTS name as the Host header, as a browser would."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cwf.core.health import Check, run_checks

NAMES = ("database", "cache", "broker", "worker", "beat")


class Command(BaseCommand):
    help = "Run the /health/ checks (all, or the named ones); exit 1 if any fails."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="CHECK", help=", ".join(NAMES))
        parser.add_argument(
            "--http", action="store_true", help="Ask the web server's /health/ instead."
        )
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--timeout", type=float, default=5.0)

    def handle(self, *args, names, http, port, timeout, **options):
        unknown = set(names) - set(NAMES)
        if unknown:
            raise CommandError(f"No such check: {', '.join(sorted(unknown))}. Use {NAMES}.")
        checks = self._over_http(port, timeout) if http else run_checks()
        wanted = [c for c in checks if not names or c.name in names]
        for check in wanted:
            self.stdout.write(f"{check.name}: {'ok' if check.ok else 'FAILING'} ({check.detail})")
        missing = set(names) - {c.name for c in wanted}
        if missing or not all(c.ok for c in wanted):
            raise CommandError(
                "Unhealthy: " + ", ".join(sorted(missing | {c.name for c in wanted if not c.ok}))
            )

    def _over_http(self, port: int, timeout: float) -> list[Check]:
        host = next((h for h in settings.ALLOWED_HOSTS if h != "*"), "localhost").lstrip(".")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/health/?format=json",
            headers={"Host": host, "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:  # a 503 still carries the checks
            body = exc.read()
        except OSError as exc:
            raise CommandError(f"The web server did not answer on port {port}: {exc}") from exc
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise CommandError(
                f"The web server's /health/ did not return JSON: {body[:200]!r}"
            ) from exc
        return [Check(c["name"], c["ok"], c["detail"]) for c in data["checks"]]

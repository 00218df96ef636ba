"""Print requirements-prod.lock: the lines of requirements.lock the application needs at run time,
which are pyproject.toml's main dependencies (with their extras) and everything they depend on, and
none of the `dev` extra's tools (pytest, ruff, playwright and theirs).

The production image installs only this list. It is derived from requirements.lock, never
resolved on its own, so the image runs exactly the versions `make test` tested. The dependency
graph is read from the packages installed where this runs: `make lock` runs it in the venv it has
just frozen, and tests/core/test_deployment.py checks the committed file against the test venv.

    python tools/prod_lock.py > requirements-prod.lock
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "# The run-time part of requirements.lock, for the production image: made by `make lock`\n"
    "# (python tools/prod_lock.py). Do not edit by hand.\n"
)


def _wanted(requirement: Requirement, extras: set[str]) -> bool:
    """Whether a package's own requirement applies here, for the extras asked of that package
    (an empty extra stands for its base requirements)."""
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in {"", *extras})


def runtime_closure(requirements: list[str]) -> set[str]:
    """The canonical names of `requirements` and all they need, as installed here."""
    seen: dict[str, set[str]] = {}
    queue = [Requirement(text) for text in requirements]
    while queue:
        requirement = queue.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        extras = {canonicalize_name(e) for e in requirement.extras}
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            if _wanted(needed, seen[name]):
                needed.marker = None  # decided: it applies
                queue.append(needed)
    return set(seen)


def main_dependencies(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    return tomllib.loads(pyproject.read_text())["project"]["dependencies"]


def pinned_name(line: str) -> str:
    return canonicalize_name(re.split(r"[=<>!~\[; ]", line.strip(), maxsplit=1)[0])


def prod_lock(lock: Path = ROOT / "requirements.lock") -> str:
    lines = [line for line in lock.read_text().splitlines() if line and not line.startswith("#")]
    needed = runtime_closure(main_dependencies())
    missing = needed - {pinned_name(line) for line in lines}
    if missing:
        raise SystemExit(f"requirements.lock does not pin {sorted(missing)}: run `make lock`")
    return HEADER + "".join(f"{line}\n" for line in lines if pinned_name(line) in needed)


if __name__ == "__main__":
    sys.stdout.write(prod_lock())

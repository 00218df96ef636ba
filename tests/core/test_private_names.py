"""No module imports another module's private names (issue 16, item 5): a name that starts with
one underscore belongs to its module. A split that needs another module's `_helper` is the wrong
cut: make the helper public where it belongs, or move the code that needs it next to it. Checked
by parsing every product module (and devtools) with ast, so imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cwf", "partnerships", "grants", "reporting", "privacy", "devtools")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


# Django documents these underscore names as public API.
DJANGO_PUBLIC = {"_meta", "_default_manager", "_base_manager", "_state"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in DJANGO_PUBLIC


def _ours(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def private_uses() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = _module_name(path)
            tree = ast.parse(path.read_text(), filename=str(path))
            aliases: dict[str, str] = {}  # local name -> one of our modules
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    source = _absolute(module, node, path.name == "__init__.py")
                    if not _ours(source) or source == module:
                        continue
                    for alias in node.names:
                        if _private(alias.name):
                            found.append(
                                f"{path.relative_to(ROOT)}:{node.lineno} imports "
                                f"{source}.{alias.name}"
                            )
                        aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        if _ours(alias.name) and alias.asname:
                            aliases[alias.asname] = alias.name
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and _private(node.attr)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in aliases
                    and aliases[node.value.id] != module
                ):
                    found.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} uses "
                        f"{aliases[node.value.id]}.{node.attr}"
                    )
    return found


def test_no_module_uses_another_modules_private_names():
    assert private_uses() == []


if __name__ == "__main__":
    print("\n".join(private_uses()))

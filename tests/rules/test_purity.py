"""isocert.rules stays pure: standard library only, no Django, nothing from the rest of isocert.

Walks every .py file under src/isocert/rules with ``ast`` (static: a lazy import inside a function
is caught too) and, as a second line of defence, imports the whole package in a fresh interpreter
and checks that Django was not loaded.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

RULES_DIR = Path(__file__).resolve().parents[2] / "src" / "isocert" / "rules"
PACKAGE = "isocert.rules"
ALLOWED_THIRD_PARTY: frozenset[str] = frozenset()


def _module_name(path: Path) -> str:
    relative = path.relative_to(RULES_DIR).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join([PACKAGE, *parts])


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(module: str | None, level: int, *, current: str, is_package: bool) -> str:
    """Absolute name of ``from <level dots><module> import …`` written in module ``current``."""
    if level == 0:
        return module or ""
    package = current.split(".") if is_package else current.split(".")[:-1]
    if level - 1 > len(package):
        return "<beyond top level>"
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _problem(name: str) -> str | None:
    top = name.split(".")[0]
    if top == "django":
        return "imports Django"
    if top == "isocert":
        if name == PACKAGE or name.startswith(PACKAGE + "."):
            return None
        return "imports isocert outside isocert.rules"
    if top == "__future__" or top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY:
        return None
    return "imports a non-standard-library package"


def forbidden_imports(source: str, *, module: str, is_package: bool = False) -> list[str]:
    """Every import in ``source`` that isocert.rules must not make, as readable strings."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, current=module, is_package=is_package)
            names = [base]
            if base == "isocert":
                names = [f"isocert.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            called = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if (
                called in ("import_module", "__import__")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = [node.args[0].value]
        for name in names:
            problem = _problem(name)
            if problem:
                problems.append(f"line {getattr(node, 'lineno', '?')}: {problem} ({name})")
    return problems


def _rules_files() -> list[Path]:
    return sorted(RULES_DIR.rglob("*.py"))


def test_rules_files_are_found() -> None:
    names = {p.name for p in _rules_files()}
    assert {"__init__.py", "standards.py", "cycle.py", "status.py", "transfer.py"} <= names


@pytest.mark.parametrize("path", _rules_files(), ids=lambda p: str(p.relative_to(RULES_DIR)))
def test_rules_module_is_pure(path: Path) -> None:
    problems = forbidden_imports(
        path.read_text(encoding="utf-8"), module=_module_name(path), is_package=_is_package(path)
    )
    assert problems == [], f"{path}: {problems}"


@pytest.mark.parametrize(
    "source",
    [
        "import django",
        "import django.db.models as m",
        "from django.conf import settings",
        "from isocert.core import models",
        "from isocert import settings",
        "import isocert.api",
        "from .. import settings",
        "from ..core.models import Client",
        "import requests",
        "from pydantic import BaseModel",
        "def f():\n    import django\n",
        "import importlib\nimportlib.import_module('django.conf')",
        "__import__('isocert.core')",
    ],
)
def test_checker_catches_forbidden_imports(source: str) -> None:
    assert forbidden_imports(source, module="isocert.rules.example") != []


@pytest.mark.parametrize(
    "source",
    [
        "from __future__ import annotations",
        "import csv, datetime, re",
        "from collections.abc import Mapping",
        "from importlib.resources import files",
        "from . import dates",
        "from .errors import InvalidInput",
        "from isocert.rules.dates import add_months",
        "import isocert.rules.errors",
        "from isocert import rules",
        "from .. import dates",
    ],
)
def test_checker_allows_pure_imports(source: str) -> None:
    # ".." from a sub-package module still lands inside isocert.rules
    assert forbidden_imports(source, module="isocert.rules.sub.example") == []


def test_relative_import_from_package_init() -> None:
    assert forbidden_imports("from . import errors", module=PACKAGE, is_package=True) == []
    assert forbidden_imports("from .. import core", module=PACKAGE, is_package=True) != []


def test_importing_rules_does_not_load_django() -> None:
    modules = sorted(
        _module_name(p) for p in _rules_files() if not _is_package(p) or p.parent != RULES_DIR
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    src = str(RULES_DIR.parents[1])
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src, "PATH": ""},
        timeout=60,
    )
    assert result.stdout.strip() == ""

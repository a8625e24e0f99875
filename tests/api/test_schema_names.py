"""The OpenAPI document names each schema once: two apps' schemas of the same class name would
share one component, and the document would show one app's fields for the other's endpoints."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from pydantic import BaseModel

import isocert


def _schema_classes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for info in pkgutil.walk_packages(isocert.__path__, "isocert."):
        if not info.name.rsplit(".", 1)[-1].endswith(("schemas", "api")):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
            ):
                found[value.__name__].add(module.__name__)
    return found


def test_every_api_schema_class_name_is_used_once() -> None:
    found = _schema_classes()
    assert len(found) > 50  # the walk saw the apps' schemas
    shared = {name: sorted(modules) for name, modules in found.items() if len(modules) > 1}
    assert shared == {}


def test_the_document_has_a_component_for_each_schema_it_references(client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    components = set(document["components"]["schemas"])
    text = str(document)
    referenced = {part.split("'")[0] for part in text.split("#/components/schemas/")[1:]}
    assert referenced <= components

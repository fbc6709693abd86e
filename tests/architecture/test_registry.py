"""The shared code asks the registry about record kinds; it never names one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kvalitet_desktop import registry
from kvalitet_desktop.domain.record_kind import load

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "kvalitet_desktop"
# Where a kind may be named: its own package, the registry, the demo municipality.
ALLOWED = ("workflows/", "demo/", "registry.py")


def test_no_record_kind_literal_outside_the_workflows() -> None:
    keys = "|".join(re.escape(k.key) for k in registry.KINDS)
    pattern = re.compile(rf"[\"']({keys})[\"']")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(ALLOWED):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda k: k.key)
def test_every_path_in_the_registry_resolves(kind: object) -> None:
    """A mistyped "module:attribute" would otherwise fail only when a user opens it."""
    from dataclasses import fields

    from kvalitet_desktop.domain.record_kind import RecordKind

    assert isinstance(kind, RecordKind)
    paths = [
        getattr(kind, f.name)
        for f in fields(kind)
        if isinstance(getattr(kind, f.name), str) and ":" in getattr(kind, f.name)
    ]
    for report in kind.reports:
        paths += [report.data, report.pdf, report.model]
    if kind.view and kind.view.factory:
        paths.append(kind.view.factory)
    if kind.retention:
        paths += [kind.retention.candidates, kind.retention.clear]
    paths += list(kind.search_dependents.values())
    assert paths
    for path in paths:
        assert load(path) is not None, path
    if kind.models:
        __import__(kind.models)


def test_keys_and_report_names_are_unique() -> None:
    keys = [k.key for k in registry.KINDS]
    reports = [r.key for r in registry.reports()]
    assert len(set(keys)) == len(keys)
    assert len(set(reports)) == len(reports)

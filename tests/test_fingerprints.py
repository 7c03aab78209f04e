"""Fingerprints cannot go stale (issue: renovation): change any field of any
record of the model, and every page, feed, calendar or data file whose bytes
change has a changed fingerprint (so an incremental build rewrites it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, SAMPLE

#: fields that name the record itself (its address): changing them is a new page
IDENTITY = {"slug", "url", "save_as", "key", "settings", "name_key"}
#: values prepared when a page is rendered (cached): dropped after each change
PREPARED = ("facets", "jsonld", "pictures")


def _changed(value: Any) -> Any:
    """Another value of the same type; None for what this test does not change."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + " Đổi" if value else "Mới"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, datetime):
        return value + timedelta(days=1, hours=1)
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
        return (*value, "Tên khác")
    return None


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    """The sample built once, with the writer caught before it writes."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from incremental.writer import PortalWriter

    writers: list[PortalWriter] = []
    original = PortalWriter.flush
    PortalWriter.flush = lambda self: writers.append(self)  # type: ignore[method-assign]
    try:
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={
            "PATH": str(SAMPLE), "OUTPUT_PATH": str(tmp_path_factory.mktemp("out")),
            "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "SEARCH_INDEX": False,
            "WRITER_JOBS": 1, "CACHE_PATH": str(tmp_path_factory.mktemp("cache"))})
        Pelican(settings).run()
    finally:
        PortalWriter.flush = original  # type: ignore[method-assign]
        PortalWriter._pending.clear()
    writer = writers[0]
    records = next(args[2]["records"] for _, args, _ in writer.jobs
                   if len(args) > 2 and isinstance(args[2], dict) and "records" in args[2])
    return writer, records


def _pages(writer: Any, folder: Path) -> dict[str, tuple[str, bytes]]:
    """Every file the writer would write: (fingerprint, bytes)."""
    from cachefiles import code_version
    from incremental import fingerprint

    prints = fingerprint.Fingerprints(fingerprint.global_digest(
        writer.settings, writer.settings["THEME"], code_version()))
    writer.output_path = str(folder)
    found = {}
    for method, args, kwargs in writer.jobs:
        for name, key, render, _ in method(writer, prints, *args, **kwargs):
            render()
            found[name] = (key()[0], (folder / name).read_bytes())
    for name, (inputs, render) in writer.raw.items():
        data = render()
        found[name] = (prints.page("raw", name, {}, inputs),
                       data.encode() if isinstance(data, str) else data)
    return found


def _forget_prepared(writer: Any, records: Any) -> None:
    """Drop what pages prepared from the records (cached), and draw again what
    the build draws before writing (terms' and the events index's pictures)."""
    from records.generator import attach_pictures

    for group in (records.officials, records.posts, records.events, records.terms):
        for record in group:
            for name in PREPARED:
                if name in type(record).__dict__:  # a cached property, not an attribute
                    record.__dict__.pop(name, None)
            for report in getattr(record, "reports", []):
                for name in ("facets", "jsonld"):
                    report.__dict__.pop(name, None)
    context = next(args[2] for _, args, _ in writer.jobs
                   if len(args) > 2 and isinstance(args[2], dict) and "records" in args[2])
    attach_pictures(context, records, writer.settings)


def _samples(records: Any) -> list[tuple[str, Any]]:
    """One record of each type, shown on several pages."""
    official = max(records.officials, key=lambda o: len(o.participations))
    event = max(records.events, key=lambda e: len(e.participations))
    return [("Official", official), ("Post", official.memberships[0].post),
            ("Membership", official.memberships[0]),
            ("Participation", official.participations[0]), ("Event", event),
            ("Term", max(records.terms, key=lambda t: len(t.events))),
            ("EventMonth", records.months[0]), ("EventKind", records.kinds[0])]


def test_every_field_a_page_shows_is_in_its_fingerprint(captured, tmp_path) -> None:
    writer, records = captured
    before = _pages(writer, tmp_path / "before")
    assert len(before) > 100
    stale, tried = [], 0
    for kind, record in _samples(records):
        fields = vars(record) if not hasattr(record, "__dataclass_fields__") else {
            f: getattr(record, f) for f in record.__dataclass_fields__}
        for field, value in list(fields.items()):
            new = None if field in IDENTITY or field.startswith("_") else _changed(value)
            if new is None:
                continue
            tried += 1
            setattr(record, field, new)
            _forget_prepared(writer, records)
            try:
                after = _pages(writer, tmp_path / f"{kind}-{field}")
            finally:
                setattr(record, field, value)
                _forget_prepared(writer, records)
            stale += [(kind, field, name) for name, (key, data) in after.items()
                      if name in before and data != before[name][1] and key == before[name][0]]
    print(f"{tried} fields changed one at a time")
    assert tried >= 25
    assert stale == []

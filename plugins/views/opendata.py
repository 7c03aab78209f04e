"""Open data: the records as Popolo-shaped JSON (with a JSON Schema) and CSV.

Ids are the page slugs (``nguyen-tu-khanh``, ``2015-2020``…), so they stay
as stable as the URLs. Meeting events and terms of office are both Popolo
``events``: terms carry ``classification: "legislative period"``, and each
membership and meeting names the terms it belongs to.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from records.model import Event, Membership, Official, Participation, Post, Records, Term, day

SCHEMA_ID = "popolo.schema.json"


def _iso(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value.isoformat()


def _url(siteurl: str, record: Any) -> str:
    return f"{siteurl}/{record.url}"


def person(official: Official, siteurl: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": official.slug,
        "name": official.name,
        "family_name": official.family,
        "given_name": official.given,
        "additional_name": official.middle,
        "other_names": [{"name": alias} for alias in official.aliases],
        "links": [{"url": _url(siteurl, official), "note": "trang cán bộ"}],
    }
    if official.photo:
        data["image"] = f"{siteurl}/{official.photo}"
    return data


def membership(item: Membership) -> dict[str, Any]:
    events = item.events
    terms = sorted({t.id for e in events for t in e.terms_in_force})
    return {
        "id": f"{item.official.slug}--{item.post.slug}",
        "person_id": item.official.slug,
        "post_id": item.post.slug,
        "label": item.post.name,
        "start_date": _iso(item.start),
        "end_date": _iso(item.end),
        "first_attested": _iso(item.first),
        "last_attested": _iso(item.last),
        "registry_start": _iso(item.registry_start),
        "registry_end": _iso(item.registry_end),
        "titles_as_written": item.titles,
        "attesting_event_ids": [e.slug for e in events],
        "legislative_period_ids": terms,
    }


def post(item: Post) -> dict[str, Any]:
    return {"id": item.slug, "label": item.name}


def attendee(item: Participation) -> dict[str, Any]:
    return {"person_id": item.official.slug, "role": item.role, "title": item.title}


def meeting(event: Event, siteurl: str) -> dict[str, Any]:
    return {
        "id": event.slug,
        "name": event.name,
        "classification": event.kind,
        "start_date": _iso(day(event.date) if event.all_day else event.date),
        "location": event.place or None,
        "organizer": event.organizer or None,
        "attendees": [attendee(p) for p in event.participations],
        "legislative_period_ids": [t.id for t in event.terms_in_force],
        "about_legislative_period_ids": [t.id for t in event.terms_about],
        "sources": [{"url": f"{siteurl}/{report.url}", "note": report.title}
                    for report in event.reports],
        "links": [{"url": _url(siteurl, event), "note": "trang sự kiện"}],
    }


def term(item: Term, siteurl: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.label,
        "classification": "legislative period",
        "cycle": item.cycle or None,
        "start_date": _iso(item.start),
        "end_date": _iso(item.end),
        "exact_dates": item.exact_dates,
        "links": [{"url": _url(siteurl, item), "note": "trang nhiệm kỳ"}],
    }


def popolo(records: Records, siteurl: str) -> dict[str, Any]:
    """The whole model in Popolo shape."""
    return {
        "$schema": SCHEMA_ID,
        "persons": [person(o, siteurl) for o in records.officials],
        "posts": [post(p) for p in records.posts],
        "memberships": [membership(m) for o in records.officials for m in o.memberships],
        "events": [meeting(e, siteurl) for e in records.events]
        + [term(t, siteurl) for t in records.terms],
    }


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


#: what a spreadsheet reads as the start of a formula (OWASP, CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a
    leading apostrophe (shown as text, as OWASP recommends); numbers stay."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    """CSV text with a UTF-8 BOM, so spreadsheets show Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[cell(v) for v in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


#: the CSV tables :func:`csv_files` writes
CSV_FILES = ("can-bo.csv", "chuc-vu.csv", "chuc-danh.csv", "su-kien.csv", "tham-du.csv",
             "nhiem-ky.csv")


def csv_files(records: Records, siteurl: str) -> dict[str, str]:
    """File name → CSV text, one table per record type."""
    officials = [[o.slug, o.name, o.family, o.middle, o.given, o.latest_title,
                  len(o.participations), _url(siteurl, o)] for o in records.officials]
    memberships = [[m.official.slug, m.official.name, m.post.slug, m.post.name,
                    _iso(m.start), _iso(m.end), _iso(m.first), _iso(m.last),
                    " | ".join(m.titles), " ".join(e.slug for e in m.events)]
                   for o in records.officials for m in o.memberships]
    posts = [[p.slug, p.name, len(p.memberships), _url(siteurl, p)] for p in records.posts]
    events = [[e.slug, e.name, e.kind, _iso(e.date), e.place, e.organizer,
               " ".join(t.id for t in e.terms_in_force), " ".join(t.id for t in e.terms_about),
               len(e.participations), _url(siteurl, e)] for e in records.events]
    attendance = [[e.slug, i, p.official.slug, p.official.name, p.role, p.title]
                  for e in records.events for i, p in enumerate(e.participations, start=1)]
    terms = [[t.id, t.label, t.cycle, _iso(t.start), _iso(t.end), len(t.events_in_force),
              _url(siteurl, t)] for t in records.terms]
    return {
        "can-bo.csv": _csv(["id", "ten", "ho", "ten_dem", "ten_goi", "chuc_danh_gan_nhat",
                            "so_su_kien", "url"], officials),
        "chuc-vu.csv": _csv(["person_id", "ten", "post_id", "chuc_danh", "bat_dau",
                             "ket_thuc", "ghi_nhan_dau", "ghi_nhan_cuoi", "chuc_danh_nguyen_van",
                             "su_kien"], memberships),
        "chuc-danh.csv": _csv(["id", "chuc_danh", "so_nguoi", "url"], posts),
        "su-kien.csv": _csv(["id", "ten", "loai", "thoi_gian", "dia_diem", "don_vi_to_chuc",
                             "nhiem_ky", "lien_quan_nhiem_ky", "so_nguoi_du", "url"], events),
        "tham-du.csv": _csv(["event_id", "thu_tu", "person_id", "ten", "vai_tro",
                             "chuc_danh_khi_do"], attendance),
        "nhiem-ky.csv": _csv(["id", "ten", "khoi", "bat_dau", "ket_thuc", "so_su_kien", "url"],
                             terms),
    }


def schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of :func:`popolo`'s output."""
    text = {"type": "string"}
    maybe_text = {"type": ["string", "null"]}
    ids = {"type": "array", "items": text}
    link = {"type": "object", "required": ["url"],
            "properties": {"url": text, "note": text}}
    links = {"type": "array", "items": link}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Hồ sơ cán bộ, chức danh, sự kiện và nhiệm kỳ (Popolo)",
        "type": "object",
        "required": ["persons", "posts", "memberships", "events"],
        "properties": {
            "$schema": text,
            "persons": {"type": "array", "items": {
                "type": "object", "required": ["id", "name", "given_name", "family_name"],
                "additionalProperties": False,
                "properties": {"id": text, "name": text, "family_name": text,
                               "given_name": text, "additional_name": text,
                               "other_names": {"type": "array", "items": {
                                   "type": "object", "required": ["name"],
                                   "properties": {"name": text}}},
                               "image": text, "links": links}}},
            "posts": {"type": "array", "items": {
                "type": "object", "required": ["id", "label"], "additionalProperties": False,
                "properties": {"id": text, "label": text}}},
            "memberships": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "person_id", "post_id", "start_date", "end_date",
                             "attesting_event_ids", "legislative_period_ids"],
                "properties": {"id": text, "person_id": text, "post_id": text,
                               "label": text, "start_date": maybe_text,
                               "end_date": maybe_text, "first_attested": maybe_text,
                               "last_attested": maybe_text, "registry_start": maybe_text,
                               "registry_end": maybe_text, "titles_as_written": ids,
                               "attesting_event_ids": ids, "legislative_period_ids": ids}}},
            "events": {"type": "array", "items": {
                "type": "object", "required": ["id", "name", "classification", "start_date"],
                "properties": {
                    "id": text, "name": text, "classification": text,
                    "start_date": text, "end_date": maybe_text, "location": maybe_text,
                    "organizer": maybe_text, "cycle": maybe_text,
                    "exact_dates": {"type": "boolean"},
                    "attendees": {"type": "array", "items": {
                        "type": "object", "required": ["person_id", "role", "title"],
                        "properties": {"person_id": text, "role": {
                            "enum": ["chủ trì", "đồng chủ trì", "dự"]}, "title": text}}},
                    "legislative_period_ids": ids, "about_legislative_period_ids": ids,
                    "sources": links, "links": links}}},
        },
    }

"""Open data: the records as Popolo-shaped JSON (with a JSON Schema) and CSV.

Ids are the page slugs (``nguyen-tu-khanh``, ``2015-2020``…), so they stay
as stable as the URLs. Meeting events and terms of office are both Popolo
``events``: terms carry ``classification: "nhiệm kỳ"`` (a party committee's or
a council's term, not a legislature's), and each membership and meeting names
the terms it belongs to (``term_ids``). Organizations come from the posts'
names (``RECORDS_POST_ROLES``, ``RECORDS_POST_ORGANIZATIONS``). Fields Popolo
has keep Popolo's names; the others (extras) are described in the schema.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import vntext
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


def role_and_organization(post: str, roles: list[str],
                          named: dict[str, str]) -> tuple[str | None, str | None]:
    """A post's role and the organization it is in: ``named[post]`` when
    given, else what follows the longest of ``roles`` the post starts with
    (``Phó Chủ tịch UBND thành phố`` → ``Phó Chủ tịch``, ``UBND thành phố``);
    (None, None) when neither tells."""
    if post in named:
        organization = named[post]
        role = post.removesuffix(organization).strip() if post.endswith(organization) else None
        return role or None, organization
    for role in sorted(roles, key=len, reverse=True):
        if post.startswith(role + " "):
            return role, post[len(role):].strip()
    return None, None


class Organizations:
    """The organizations of the posts, with ids (their slugs)."""

    def __init__(self, posts: list[Post], settings: dict[str, Any]) -> None:
        self.of: dict[str, tuple[str | None, str | None]] = {
            p.name: role_and_organization(p.name, settings["RECORDS_POST_ROLES"],
                                          settings["RECORDS_POST_ORGANIZATIONS"])
            for p in posts}
        names = sorted({o for _, o in self.of.values() if o}, key=vntext.collation_key)
        self.ids = {name: vntext.slugify(name) for name in names}

    def id_of(self, post: Post) -> str | None:
        organization = self.of.get(post.name, (None, None))[1]
        return self.ids.get(organization) if organization else None

    def role_of(self, post: Post) -> str | None:
        return self.of.get(post.name, (None, None))[0]

    def popolo(self) -> list[dict[str, Any]]:
        return [{"id": oid, "name": name} for name, oid in self.ids.items()]


def membership(item: Membership, organizations: Organizations) -> dict[str, Any]:
    events = item.events
    terms = sorted({t.id for e in events for t in e.terms_in_force})
    return {
        "id": f"{item.official.slug}--{item.post.slug}",
        "person_id": item.official.slug,
        "post_id": item.post.slug,
        "organization_id": organizations.id_of(item.post),
        "role": organizations.role_of(item.post),
        "label": item.post.name,
        "start_date": _iso(item.start),
        "end_date": _iso(item.end),
        "first_attested": _iso(item.first),
        "last_attested": _iso(item.last),
        "registry_start": _iso(item.registry_start),
        "registry_end": _iso(item.registry_end),
        "titles_as_written": item.titles,
        "attesting_event_ids": [e.slug for e in events],
        "term_ids": terms,
    }


def post(item: Post, organizations: Organizations) -> dict[str, Any]:
    return {"id": item.slug, "label": item.name,
            "role": organizations.role_of(item),
            "organization_id": organizations.id_of(item)}


def attendee(item: Participation) -> dict[str, Any]:
    """An attendee as Popolo has them: a person (id and name)."""
    return {"id": item.official.slug, "name": item.official.name}


def participation(item: Participation) -> dict[str, Any]:
    """How an attendee took part (an extra: Popolo has no field for it)."""
    return {"person_id": item.official.slug, "role": item.role, "title": item.title}


def meeting(event: Event, siteurl: str, organizations: Organizations) -> dict[str, Any]:
    return {
        "id": event.slug,
        "name": event.name,
        "classification": event.kind,
        "start_date": _iso(day(event.date) if event.all_day else event.date),
        "location": event.place or None,
        "organization_id": organizations.ids.get(event.organizer) if event.organizer else None,
        "organizer": event.organizer or None,
        "attendees": [attendee(p) for p in event.participations],
        "participations": [participation(p) for p in event.participations],
        "term_ids": [t.id for t in event.terms_in_force],
        "about_term_ids": [t.id for t in event.terms_about],
        "sources": [{"url": f"{siteurl}/{report.url}", "note": report.title}
                    for report in event.reports],
        "links": [{"url": _url(siteurl, event), "note": "trang sự kiện"}],
    }


#: a term of office is a Popolo event of this classification
TERM = "nhiệm kỳ"


def term(item: Term, siteurl: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.label,
        "classification": TERM,
        "cycle": item.cycle or None,
        "start_date": _iso(item.start),
        "end_date": _iso(item.end),
        "exact_dates": item.exact_dates,
        "links": [{"url": _url(siteurl, item), "note": "trang nhiệm kỳ"}],
    }


def popolo(records: Records, siteurl: str, settings: dict[str, Any]) -> dict[str, Any]:
    """The whole model in Popolo shape."""
    organizations = Organizations(records.posts, settings)
    return {
        "$schema": SCHEMA_ID,
        "persons": [person(o, siteurl) for o in records.officials],
        "organizations": organizations.popolo(),
        "posts": [post(p, organizations) for p in records.posts],
        "memberships": [membership(m, organizations) for o in records.officials
                        for m in o.memberships],
        "events": [meeting(e, siteurl, organizations) for e in records.events]
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
    """JSON Schema (2020-12) of :func:`popolo`'s output: Popolo's fields, and
    the extras each described."""
    text = {"type": "string"}
    maybe_text = {"type": ["string", "null"]}
    ids = {"type": "array", "items": text}
    link = {"type": "object", "required": ["url"],
            "properties": {"url": text, "note": text}}
    links = {"type": "array", "items": link}
    extra = lambda kind, what: {**kind, "description": f"(ngoài Popolo) {what}"}  # noqa: E731
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Hồ sơ cán bộ, tổ chức, chức danh, sự kiện và nhiệm kỳ (Popolo)",
        "type": "object",
        "required": ["persons", "organizations", "posts", "memberships", "events"],
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
            "organizations": {"type": "array", "items": {
                "type": "object", "required": ["id", "name"], "additionalProperties": False,
                "properties": {"id": text, "name": text}}},
            "posts": {"type": "array", "items": {
                "type": "object", "required": ["id", "label"], "additionalProperties": False,
                "properties": {"id": text, "label": text, "role": maybe_text,
                               "organization_id": maybe_text}}},
            "memberships": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "person_id", "post_id", "start_date", "end_date",
                             "attesting_event_ids", "term_ids"],
                "properties": {
                    "id": text, "person_id": text, "post_id": text,
                    "organization_id": maybe_text, "role": maybe_text, "label": text,
                    "start_date": maybe_text, "end_date": maybe_text,
                    "first_attested": extra(maybe_text, "ngày sớm nhất một bài viết ghi nhận"),
                    "last_attested": extra(maybe_text, "ngày muộn nhất một bài viết ghi nhận"),
                    "registry_start": extra(maybe_text, "ngày bắt đầu theo danh mục cán bộ"),
                    "registry_end": extra(maybe_text, "ngày kết thúc theo danh mục cán bộ"),
                    "titles_as_written": extra(ids, "chức danh đúng như các bài viết ghi"),
                    "attesting_event_ids": extra(ids, "các sự kiện ghi nhận chức vụ này"),
                    "term_ids": extra(ids, "các nhiệm kỳ của những sự kiện đó")}}},
            "events": {"type": "array", "items": {
                "type": "object", "required": ["id", "name", "classification", "start_date"],
                "additionalProperties": False,
                "properties": {
                    "id": text, "name": text, "classification": text,
                    "start_date": text, "end_date": maybe_text, "location": maybe_text,
                    "organization_id": maybe_text,
                    "organizer": extra(maybe_text, "đơn vị tổ chức, như bài viết ghi"),
                    "cycle": extra(maybe_text, "khối của nhiệm kỳ (Đảng bộ, HĐND…)"),
                    "exact_dates": extra({"type": "boolean"},
                                         "ngày bắt đầu và kết thúc nhiệm kỳ là chính xác"),
                    "attendees": {"type": "array", "items": {
                        "type": "object", "required": ["id", "name"],
                        "additionalProperties": False,
                        "properties": {"id": text, "name": text}}},
                    "participations": extra({"type": "array", "items": {
                        "type": "object", "required": ["person_id", "role", "title"],
                        "properties": {"person_id": text, "role": {
                            "enum": ["chủ trì", "đồng chủ trì", "dự"]}, "title": text}}},
                        "vai trò và chức danh khi đó của từng người dự"),
                    "term_ids": extra(ids, "các nhiệm kỳ sự kiện diễn ra trong"),
                    "about_term_ids": extra(ids, "các nhiệm kỳ sự kiện bàn đến"),
                    "sources": links,
                    "links": extra(links, "trang của sự kiện hoặc nhiệm kỳ")}}},
        },
    }

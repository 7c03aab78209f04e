"""The standards' own validators, installed from npm by tests/bootstrap.py
(tests/validators): the Nu HTML Checker (vnu.jar, run with Debian's Java) on
every page of the sample and of the 300-report corpus, and axe-core in
Chromium on every page type, on a desktop and on a phone: no error, no
warning, no violation of any impact. Every calendar file: parsed by
``icalendar`` and checked against RFC 5545's rules below."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

import pytest

from conftest import SEED_URL, Site

MODULES = Path(__file__).parent / "validators" / "node_modules"
AXE = MODULES / "axe-core" / "axe.min.js"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_messages(folder: Path) -> list[str]:
    """Every error and warning of the Nu HTML Checker on the HTML files under
    ``folder`` (the search index aside), one line each."""
    assert VNU.is_file(), f"{VNU} chưa có: chạy python3 tests/bootstrap.py (cài bằng npm)"
    java = shutil.which("java")
    assert java, "thiếu Java: chạy python3 tests/bootstrap.py"
    pages = [str(p) for p in sorted(folder.rglob("*.html")) if "pagefind" not in p.parts]
    assert pages
    done = subprocess.run([java, "-jar", str(VNU), "--format", "gnu", *pages],
                          capture_output=True, text=True, timeout=600)
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]


def test_every_page_of_the_sample_is_valid_html(site: Site) -> None:
    assert nu_messages(site.output) == []


@pytest.mark.parametrize("fmt", ["pelican", "yaml"])
def test_every_page_of_the_generated_corpus_is_valid_html(corpora, fmt) -> None:
    assert nu_messages(corpora[fmt].output) == []


def test_the_html_checker_finds_what_it_should(tmp_path: Path) -> None:
    """The check is real: a list holding a span is an error."""
    (tmp_path / "bad.html").write_text('<!DOCTYPE html><html lang="vi"><title>x</title>'
                                       "<ul><span>x</span></ul>", encoding="utf-8")
    assert any("not allowed as child" in m for m in nu_messages(tmp_path))


def _page_types(site: Site) -> list[str]:
    """One URL of each kind of page the portal writes."""
    def first(folder: str, pattern: str = "*") -> str:
        found = sorted((site.output / folder).glob(pattern + "/index.html"))
        assert found, folder
        return "/" + found[0].parent.relative_to(site.output).as_posix() + "/"

    return ["/", "/" + SEED_URL, first("su-kien", "*/[0-9]*-[0-9]*-[0-9]*-*"), "/su-kien/",
            first("su-kien", "*/[0-9][0-9]"),
            "/can-bo/", "/can-bo/nguyen-tu-khanh/", "/chuc-danh/", first("chuc-danh"),
            "/nhiem-ky/", "/nhiem-ky/2020-2025/", "/du-lieu/", first("chuyen-muc"),
            first("chu-de"), first("tac-gia"), "/tin-tuc/", "/tim-kiem/?q=hdnd", "/404.html"]


@pytest.fixture(scope="module")
def axe() -> str:
    assert AXE.is_file(), f"{AXE} chưa có: chạy python3 tests/bootstrap.py (cài bằng npm)"
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [1280, 360])
def test_no_page_type_has_an_axe_violation(site: Site, site_url, browser, axe, width) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    try:
        for url in _page_types(site):
            page.goto(site_url + url)
            if url.startswith("/tim-kiem/"):  # the results drawn, then checked
                page.wait_for_function("document.getElementById('search-status')"
                                       ".textContent.startsWith('Tìm thấy')")
            page.add_script_tag(content=axe)
            violations = page.evaluate("""async () => (await axe.run(document,
                {resultTypes: ['violations']})).violations.map(v =>
                `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)""")
            if violations:
                found[url] = violations
    finally:
        context.close()
    assert found == {}


def test_axe_finds_what_it_should(site_url, browser, axe) -> None:
    """The check is real: an image without a text alternative is a violation."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "/")
        page.evaluate("""() => { const img = document.createElement('img');
            img.src = 'data:,'; document.querySelector('main').append(img); }""")
        page.add_script_tag(content=axe)
        ids = page.evaluate("async () => (await axe.run()).violations.map(v => v.id)")
    finally:
        context.close()
    assert "image-alt" in ids


# -- calendars: RFC 5545 ------------------------------------------------------------

#: TEXT properties, where "," and ";" must be escaped (RFC 5545 3.3.11)
_TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION")


def rfc5545_problems(raw: bytes, public: bool) -> list[str]:
    """What RFC 5545 forbids in one iCalendar file: line endings and length
    (3.1), one VERSION and PRODID (3.6), balanced components, in each VEVENT
    one UID, DTSTAMP in UTC and DTSTART, no DTEND with DURATION and an end
    after the start of the same value type (3.6.1, 3.8.2), every TZID defined
    (3.2.19), escaped TEXT (3.3.11); with ``public``, absolute URLs (3.8.4.6)."""
    problems = []
    if not raw.endswith(b"\r\n") or b"\n" in raw.replace(b"\r\n", b""):
        problems.append("dòng không kết thúc bằng CRLF")
    lines = raw.split(b"\r\n")[:-1]
    problems += [f"dòng dài quá 75 byte: {line[:40]!r}" for line in lines if len(line) > 75]
    text = raw.decode("utf-8")
    unfolded = re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in unfolded]
    if unfolded[:1] != ["BEGIN:VCALENDAR"] or unfolded[-1:] != ["END:VCALENDAR"]:
        problems.append("không mở và đóng bằng VCALENDAR")
    if names.count("VERSION") != 1 or names.count("PRODID") != 1:
        problems.append("cần đúng một VERSION và một PRODID")
    opened: list[str] = []
    for line in unfolded:
        if line.startswith("BEGIN:"):
            opened.append(line[6:])
        elif line.startswith("END:") and (not opened or opened.pop() != line[4:]):
            problems.append(f"thành phần đóng sai: {line}")
    zones = {line[5:] for line in unfolded if line.startswith("TZID:")}
    for tzid in re.findall(r";TZID=([^:;]+)", "\n".join(unfolded)):
        if tzid not in zones:
            problems.append(f"TZID {tzid} không có VTIMEZONE")
    for line in unfolded:
        name, _, value = line.partition(":")
        if name.split(";")[0] in _TEXT and re.search(r"(?<!\\)[,;]", value):
            problems.append(f"TEXT chưa thoát dấu phẩy/chấm phẩy: {line[:60]}")
        if public and name == "URL" and not urlsplit(value).scheme:
            problems.append(f"URL không tuyệt đối: {value}")
    for event in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
        where = str(event.get("UID", "?"))
        for key in ("UID", "DTSTAMP", "DTSTART"):
            if key not in event:
                problems.append(f"{where}: thiếu {key}")
        if "DTSTAMP" in event and not event["DTSTAMP"].to_ical().endswith(b"Z"):
            problems.append(f"{where}: DTSTAMP không theo UTC")
        if "DTEND" in event and "DURATION" in event:
            problems.append(f"{where}: có cả DTEND và DURATION")
        if "DTEND" in event:
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            try:
                wrong = type(start) is not type(end) or end <= start
            except TypeError:  # one with a zone, one without
                wrong = True
            if wrong:
                problems.append(f"{where}: DTEND không sau DTSTART cùng kiểu")
    return problems


def _calendars(folder: Path) -> list[Path]:
    found = sorted(folder.rglob("*.ics"))
    assert found
    return found


def test_every_calendar_of_a_public_build_keeps_rfc_5545(build_site) -> None:
    built = build_site(SITEURL="https://portal.example")
    problems = {str(p.relative_to(built.output)): rfc5545_problems(p.read_bytes(), public=True)
                for p in _calendars(built.output)}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("fmt", ["pelican", "yaml"])
def test_every_calendar_of_the_generated_corpus_keeps_rfc_5545(corpora, fmt) -> None:
    output = corpora[fmt].output
    problems = {str(p.relative_to(output)): rfc5545_problems(p.read_bytes(), public=False)
                for p in _calendars(output)}
    assert len(problems) > 300 and {k: v for k, v in problems.items() if v} == {}


def test_the_calendar_checks_find_what_they_should() -> None:
    good = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//VI\r\nBEGIN:VEVENT\r\n"
            "UID:a@b\r\nDTSTAMP:20190314T000000Z\r\nDTSTART:20190314T080000Z\r\n"
            "DTEND:20190314T100000Z\r\nSUMMARY:Họp\\, bàn\r\nURL:https://x.vn/a/\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert rfc5545_problems(good.encode(), public=True) == []
    for broken, found in ((good.replace("\\,", ","), "TEXT"),
                          (good.replace("DTEND:20190314T100000Z", "DTEND:20190314T070000Z"),
                           "DTEND"),
                          (good.replace("https://x.vn/a/", "/a/"), "URL"),
                          (good.replace("DTSTART:", "DTSTART;TZID=Asia/Hanoi:").replace(
                              "T080000Z", "T080000"), "TZID"),
                          (good.replace("\r\n", "\n"), "CRLF")):
        assert any(found in p for p in rfc5545_problems(broken.encode(), public=True)), found

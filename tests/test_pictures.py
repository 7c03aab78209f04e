"""Pictures of the record: inline SVG that parses, describes itself, links to
pages that exist, and whose marks match counts read straight from the
report files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import SAMPLE, SEED_URL, Site

SVG = "{http://www.w3.org/2000/svg}"
SHADED = re.compile(r"\bcal--[1-4]\b")


def _svgs(site: Site, url: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed from the bytes as XML."""
    text = site.file(url).read_text(encoding="utf-8")
    return [ET.fromstring(m.group(0)) for m in re.finditer(r"<svg\b.*?</svg>", text, re.S)]


def _by_title(svgs: list[ET.Element], start: str) -> ET.Element:
    return next(s for s in svgs if s.findtext(f"{SVG}title").startswith(start))


def _rects(svg: ET.Element, cls: str) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if cls in r.get("class", "").split()]


def _links(svg: ET.Element) -> list[str]:
    return [a.get("href") for a in svg.iter(f"{SVG}a")]


# -- what the report files say (no project code) ------------------------------

def _reports(folder: Path) -> list[dict]:
    """Each published report: its event's day and the people its header names."""
    found = []
    for path in folder.rglob("*.md"):
        text = path.read_text(encoding="utf-8-sig")
        if text.startswith("---"):
            header = yaml.safe_load(text.split("---")[1])
            if header.get("status", "published") != "published":
                continue
            event = header.get("event") or {}
            event_id = event.get("id")
            when = event.get("date") or header["date"]
            people = [p["name"] if isinstance(p, dict) else re.split(r" [–-] ", p)[0]
                      for p in (header.get("chair") or []) + (header.get("attendees") or [])]
            positions = [(p["name"], p.get("position", "")) for p in
                         (header.get("chair") or []) + (header.get("attendees") or [])
                         if isinstance(p, dict)]
        else:
            fields = dict(re.findall(r"^([\w-]+): (.*)$", text.split("\n\n")[0], re.M))
            when = fields["Date"]
            people = [n.strip() for key in ("Chair", "Attendees")
                      for n in fields.get(key, "").split(",") if n.strip()]
            positions, event_id, event = [], fields.get("Event-Id"), {}
        if isinstance(when, str):
            when = date.fromisoformat(when[:10])
        elif hasattr(when, "date"):
            when = when.date()
        people = [re.sub(r"^Đồng chí ", "", p) for p in people]
        found.append({"day": when, "people": people, "positions": positions,
                      "event": event_id or str(path), "dated": bool(event.get("date"))})
    return found


def _event_days(reports: list[dict]) -> set[date]:
    """One day per event: a report sharing an event id with others gives the
    event's own date if it has one, else the earliest report date counts."""
    events: dict[str, list[tuple[bool, date]]] = {}
    for report in reports:
        events.setdefault(report["event"], []).append((report["dated"], report["day"]))
    return {next((d for dated, d in found if dated), min(d for _, d in found))
            for found in events.values()}


# -- every picture -----------------------------------------------------------------

def _pages_with_pictures(site: Site) -> list[str]:
    return [f"/{p.relative_to(site.output).parent.as_posix()}/" for p in site.html_pages()
            if "<svg" in p.read_text(encoding="utf-8")
            and not p.relative_to(site.output).as_posix().startswith(("theme/", "pagefind/"))]


def _check_pictures(site: Site, urls: list[str]) -> int:
    """XML, role, text alternative, and links that resolve (anchors included)."""
    count = 0
    for url in urls:
        for svg in _svgs(site, url):
            count += 1
            # an image's content is not interactive: a drawing with links is a group,
            # and each link is named
            links = svg.findall(f".//{SVG}a")
            assert svg.get("role") == ("group" if links else "img"), url
            assert all(link.get("aria-label") for link in links), url
            title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
            assert title is not None and title.text.strip(), url
            assert desc is not None and desc.text.strip(), url
            assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            for href in _links(svg):
                path, _, anchor = href.partition("#")
                target = site.file(path)
                assert target.is_file(), (url, href)
                if anchor:
                    page = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    assert page.find(id=anchor), (url, href)
    return count


def test_every_picture_on_the_sample_site(site: Site) -> None:
    urls = _pages_with_pictures(site)
    assert "/su-kien/" in urls and "/nhiem-ky/2020-2025/" in urls
    assert _check_pictures(site, urls) > 20


@pytest.mark.parametrize("fmt", ["pelican", "yaml"])
def test_every_picture_on_a_generated_corpus(corpora, fmt) -> None:
    site = corpora[fmt]
    assert _check_pictures(site, _pages_with_pictures(site)) > 300


# -- marks against the sources ---------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "pelican", "yaml"])
def test_calendar_days_shaded_are_the_distinct_event_days(site, corpora, which) -> None:
    built = site if which == "sample" else corpora[which]
    days = _event_days(_reports(Path(built.settings["PATH"])))
    svgs = [s for s in _svgs(built, "/su-kien/")
            if s.findtext(f"{SVG}title").startswith("Lịch sự kiện năm")]
    years = sorted({d.year for d in days}, reverse=True)[:3]
    assert [int(s.findtext(f"{SVG}title")[-4:]) for s in svgs] == years
    for svg in svgs:
        year = int(svg.findtext(f"{SVG}title")[-4:])
        shaded = [r for r in svg.iter(f"{SVG}rect") if SHADED.search(r.get("class", ""))]
        assert len(shaded) == len({d for d in days if d.year == year}), year
        cells = _rects(svg, "cal")
        assert len(cells) == (366 if year % 4 == 0 else 365)


def test_seed_day_links_to_its_event(site: Site) -> None:
    term = _svgs(site, "/nhiem-ky/2020-2025/")
    seed_event = site.main(SEED_URL).select_one('a[href*="/su-kien/2019/"]')["href"]
    calendar_2019 = _by_title(term, "Lịch sự kiện năm 2019")
    assert seed_event in _links(calendar_2019)


def test_timeline_bars_are_the_positions_held(corpora) -> None:
    built = corpora["yaml"]
    reports = _reports(Path(built.settings["PATH"]))
    named = Counter(name for r in reports for name in set(r["people"]))
    name = named.most_common(1)[0][0]
    posts = {title.strip() for r in reports for who, position in r["positions"] if who == name
             for title in position.split(",") if title.strip()}
    link = next(a["href"] for a in built.main("/can-bo/").select(".record-list a")
                if a.get_text() == name)
    timeline = _by_title(_svgs(built, link), "Dòng thời gian chức vụ")
    bars = _rects(timeline, "picture__bar")
    assert len(bars) == min(len(posts), 12)
    if len(posts) <= 12:
        assert sorted(b.findtext(f"{SVG}title") for b in bars) == sorted(posts)
    ticks = {href for href in _links(timeline) if "/su-kien/" in href}
    assert len(ticks) == named[name]  # one event per report in the generated corpus


def test_coattendance_bars_count_shared_reports(corpora) -> None:
    built = corpora["pelican"]
    reports = _reports(Path(built.settings["PATH"]))
    together: Counter = Counter()
    for report in reports:
        for a, b in combinations(sorted(set(report["people"])), 2):
            together[a, b] += 1
            together[b, a] += 1
    name = Counter(n for r in reports for n in r["people"]).most_common(1)[0][0]
    link = next(a["href"] for a in built.main("/can-bo/").select(".record-list a")
                if a.get_text() == name)
    circle = _by_title(_svgs(built, link), "Những người thường cùng dự")
    bars = _rects(circle, "picture__bar")
    drawn = {b.findtext(f"{SVG}title").rsplit(": ", 1)[0]: int(b.findtext(f"{SVG}title")
                                                               .rsplit(": ", 1)[1]) for b in bars}
    for other, count in drawn.items():
        assert together[name, other] == count, other
    expected = sorted((c for (a, _), c in together.items() if a == name), reverse=True)[:10]
    assert sorted(drawn.values(), reverse=True) == expected


def test_term_officials_on_one_axis_capped(corpora) -> None:
    built = corpora["pelican"]
    reports = _reports(Path(built.settings["PATH"]))
    active = {n for r in reports if date(2020, 1, 1) <= r["day"] <= date(2024, 12, 31)
              for n in r["people"]}
    svg = _by_title(_svgs(built, "/nhiem-ky/2020-2025/"), "Cán bộ trong")
    bars = _rects(svg, "picture__bar")
    assert len(bars) == min(30, len(active))
    assert {href.split("/")[2] for href in _links(svg)} <= {
        p.name for p in (built.output / "can-bo").iterdir()}
    if len(active) > 30:
        caption = built.soup("/nhiem-ky/2020-2025/").find(
            "figcaption", string=re.compile("cán bộ"))
        assert caption and str(len(active)) in caption.get_text()


def test_kinds_chart_counts_and_table(site: Site) -> None:
    svg = _by_title(_svgs(site, "/su-kien/"), "Số sự kiện theo loại")
    drawn = {b.findtext(f"{SVG}title").rsplit(": ", 1)[0]: int(b.findtext(f"{SVG}title")
                                                               .rsplit(": ", 1)[1])
             for b in _rects(svg, "picture__bar")}
    table = site.main("/su-kien/").find("table")
    listed = {row.find_all("td")[0].get_text(): int(row.find_all("td")[1].get_text())
              for row in table.find("tbody").find_all("tr")}
    assert drawn == listed
    assert sum(drawn.values()) == len({r["event"] for r in _reports(SAMPLE)})


# -- in the browser: phones, print, following a day ---------------------------------

@pytest.mark.parametrize("url", ["/can-bo/nguyen-tu-khanh/", "/nhiem-ky/2020-2025/", "/su-kien/"])
def test_pictures_fit_a_phone_and_print(page, site_url, url) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sizes = page.evaluate("""() => [...document.querySelectorAll('figure.picture svg')].map(s => {
        const box = s.getBoundingClientRect();
        const label = s.querySelector('text');
        return [box.width, box.height, label ? label.getBoundingClientRect().height : 99];
    })""")
    assert sizes
    for width, height, label in sizes:
        assert 0 < width and 0 < height
        assert label >= 7  # text stays readable (px)
    page.emulate_media(media="print")
    assert page.evaluate("""() => [...document.querySelectorAll('figure.picture')]
        .every(f => getComputedStyle(f).display !== 'none' && f.getBoundingClientRect().height > 0)""")


def test_a_calendar_day_opens_its_event(page, site_url) -> None:
    page.goto(site_url + "/nhiem-ky/2020-2025/")
    day = page.locator("svg[aria-labelledby^='lich-nhiem-ky-2019'] a").first
    href = day.get_attribute("href")
    day.click()
    page.wait_for_url("**" + href)
    assert page.locator("h1").inner_text().startswith("Hội nghị")

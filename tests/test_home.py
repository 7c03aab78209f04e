"""The home page and the events index as a citizen meets them: a lead story
with its picture, the latest news of each category, recent and upcoming
events, quick links to officials and terms; plain words on every page (no
"Atom" or ".ics" in a label); counts that add up and titles said once."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from conftest import Site, write_report


def _hrefs(soup, selector: str) -> list[str]:
    return [a["href"] for a in soup.select(selector)]


def test_the_lead_story_is_the_newest_report_with_a_picture(site: Site) -> None:
    home = site.soup("/")
    listed = _hrefs(home, ".article-list .article-card__title a")
    with_picture = [url for url in listed[:10] if site.soup(url).select(".article__body img")]
    assert with_picture, "the sample has a report with a picture"
    lead = home.select_one(".lead-story")
    assert lead.select_one(".lead-story__title a")["href"] == with_picture[0]
    picture = site.soup(with_picture[0]).select_one(".article__body img")["src"]
    assert lead.select_one(".lead-story__picture img")["src"] == picture
    assert site.file(picture).is_file()


def test_each_category_shows_its_newest_reports(site: Site) -> None:
    home = site.soup("/")
    lead = home.select_one(".lead-story__title a")["href"]
    sections = home.select(".home-section")
    assert sections
    for section in sections:
        category = section.select_one(".home-section__title a")["href"]
        newest = [url for url in _hrefs(site.soup(category), ".article-card__title a")
                  if url != lead]
        shown = _hrefs(section, ".home-list a")
        assert shown == newest[:len(shown)] and 0 < len(shown) <= 4


def test_recent_and_upcoming_events_on_the_home_page_and_the_events_index(
        build_site, content_copy: Path) -> None:
    soon = date.today() + timedelta(days=60)
    write_report(content_copy, "sap-toi.md", (
        "Title: Thông báo kỳ họp thứ mười HĐND thành phố\nDate: 2024-03-01 09:00\n"
        f"Event-Kind: Kỳ họp\nEvent-Date: {soon:%d/%m/%Y}\n\nThông báo triệu tập kỳ họp.\n"))
    built = build_site(content_copy)
    for url, box in (("/", ".home-side"), ("/su-kien/", "main")):
        soup = built.soup(url)
        headings = {h.get_text(): h for h in soup.select(f"{box} h2")}
        upcoming = headings["Sắp diễn ra"].find_next("ol")
        assert [a.get_text() for a in upcoming.select("a")] == [
            "Thông báo kỳ họp thứ mười HĐND thành phố"]
        recent = headings["Sự kiện gần đây"].find_next("ol")
        days = [t["datetime"][:10] for t in recent.select("time")]
        assert days and days == sorted(days, reverse=True)  # newest first
        assert all(date.fromisoformat(d) <= date.today() for d in days)
        assert all(built.file(a["href"]).is_file() for a in recent.select("a"))
    quick = built.soup("/").select_one(".quick-links")
    assert "/can-bo/" in _hrefs(quick, "a") and "/nhiem-ky/" in _hrefs(quick, "a")
    assert any(href.startswith("/nhiem-ky/20") for href in _hrefs(quick, "a"))


def test_labels_speak_plainly(site: Site) -> None:
    """Readers subscribe and add to their calendar; they are not told formats."""
    for page in site.html_pages():
        if "pagefind" in page.parts:
            continue
        soup = site.soup("/" + page.relative_to(site.output).as_posix())
        for link in soup.select("main a, footer a"):
            text = link.get_text()
            assert "Atom" not in text and ".ics" not in text, (page, text)
    official = site.soup("/can-bo/nguyen-tu-khanh/")
    texts = [a.get_text() for a in official.select(".record__actions a")]
    assert any(t.startswith("Nhận tin mới") and t.endswith("(RSS)") for t in texts)
    assert any(t.endswith("vào lịch của bạn") for t in texts)


def test_a_terms_counts_add_up_and_titles_are_said_once(site: Site) -> None:
    soup = site.soup("/nhiem-ky/2020-2025/")
    listed = len(soup.select("ol.record-list li"))
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in soup.select("dl.facts dt")}
    counts = [int(n) for n in re.findall(r"\d+", facts["Sự kiện"])]
    assert counts[0] == listed and sum(counts[1:]) == listed
    for item in soup.select("ul.record-list li"):
        titles = item.select_one(".muted")
        if titles:
            posts = [p.strip() for p in re.split(r"[;,]", titles.get_text().lstrip("– "))]
            assert len(posts) == len(set(posts)), item.get_text()


def test_the_chair_is_not_said_twice_and_the_latest_title_reads_plainly(site: Site) -> None:
    for page in sorted((site.output / "su-kien").glob("*/*/index.html")):
        soup = site.soup("/" + page.relative_to(site.output).parent.as_posix() + "/")
        heading = soup.find("h2", string="Chủ trì")
        if heading:
            assert "(chủ trì)" not in heading.find_next("ul").get_text()
    lead = site.soup("/can-bo/nguyen-tu-khanh/").select_one(".record__lead").get_text()
    assert "chức danh ghi nhận gần nhất, tại" in " ".join(lead.split())
    assert " )" not in lead

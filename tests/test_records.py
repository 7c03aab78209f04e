"""Records: officials, posts, events and terms, cross-linked (issue: records)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import vntext
from conftest import SEED_URL, Site, write_report
from linkcheck import check_site

SEED_EVENT = "/su-kien/2019/2019-03-14-hoi-nghi-trien-khai-ke-hoach-ra-soat-bo-sung/"


def _rows(table) -> list[list[str]]:
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")]


def _section(page, heading: str):
    h2 = next(h for h in page.find_all("h2") if h.get_text(strip=True) == heading)
    return h2.find_parent("section") or h2.parent


# -- the reference report ----------------------------------------------------

def test_official_page_shows_position_and_links_the_event(site: Site) -> None:
    page = site.main("/can-bo/nguyen-tu-khanh/")
    assert page.find("h1").get_text() == "Nguyễn Tư Khánh"
    timeline = _section(page, "Quá trình công tác")
    posts = [a.get_text() for a in timeline.select(".timeline__post")]
    assert "Phó Bí thư Thường trực Thành ủy" in posts
    events = _section(page, "Sự kiện đã chủ trì và tham dự")
    row = next(r for r in _rows(events.find("table")) if r[0] == "14/03/2019")
    assert row[2:] == ["chủ trì", "Phó Bí thư Thường trực Thành ủy"]
    assert SEED_EVENT in [a["href"] for a in events.find_all("a")]


def test_event_page_lists_officials_in_source_order_with_roles(site: Site) -> None:
    page = site.main(SEED_EVENT)
    assert page.find("h1").get_text().startswith("Hội nghị triển khai kế hoạch rà soát")
    rows = _rows(page.find("table"))
    assert rows == [
        ["1", "Nguyễn Tư Khánh", "chủ trì", "Phó Bí thư Thường trực Thành ủy"],
        ["2", "Lê Anh Xuân", "dự", "Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố"],
    ]
    links = {a.get_text(): a["href"] for a in page.find("table").find_all("a")}
    assert links["Nguyễn Tư Khánh"] == "/can-bo/nguyen-tu-khanh/"
    assert ("/" + SEED_URL) in [a["href"] for a in page.find_all("a")]
    facts = page.find("dl").get_text(" ", strip=True)
    assert "Ban Thường vụ Thành ủy" in facts and "14/03/2019" in facts
    chairs = page.find("ul", class_="people")  # a list holds list items only (HTML)
    assert [child.name for child in chairs.find_all(recursive=False)] == ["li"]
    assert chairs.find_previous("h2").get_text() == "Chủ trì"  # said once, by the heading
    assert chairs.li.get_text(" ", strip=True) == ("Nguyễn Tư Khánh – Phó Bí thư Thường trực"
                                                   " Thành ủy")


def test_both_term_pages_link_the_event(site: Site) -> None:
    for term in ("2015-2020", "2020-2025"):
        hrefs = [a["href"] for a in site.main(f"/nhiem-ky/{term}/").find_all("a")]
        assert SEED_EVENT in hrefs, term
    event = site.main(SEED_EVENT).find("dl")
    in_force = event.find("dt", string="Diễn ra trong nhiệm kỳ").find_next_sibling("dd")
    about = event.find("dt", string="Liên quan nhiệm kỳ").find_next_sibling("dd")
    assert [a["href"] for a in in_force.find_all("a")] == ["/nhiem-ky/2015-2020/", "/nhiem-ky/2016-2021/"]
    assert [a["href"] for a in about.find_all("a")] == ["/nhiem-ky/2015-2020/", "/nhiem-ky/2020-2025/"]


def test_article_links_event_terms_officials_and_first_body_mention(site: Site) -> None:
    page = site.main(SEED_URL)
    meeting = page.find("section", class_="meeting")
    hrefs = [a["href"] for a in meeting.find_all("a")]
    assert SEED_EVENT in hrefs and "/nhiem-ky/2020-2025/" in hrefs
    assert "/can-bo/le-anh-xuan/" in hrefs
    body = page.find("div", class_="article__body")
    linked = [(a.get_text(), a["href"]) for a in body.find_all("a", class_="official-link")]
    assert linked == [("Nguyễn Tư Khánh", "/can-bo/nguyen-tu-khanh/"),
                      ("Lê Anh Xuân", "/can-bo/le-anh-xuan/")]


def test_post_page_shows_who_held_it_in_time_order(site: Site) -> None:
    page = site.main("/chuc-danh/bi-thu-thanh-uy/")
    rows = _rows(page.find("table"))
    assert rows[0][0] == "Nguyễn Tư Khánh"
    assert rows[0][1].startswith("20/08/2020")  # registry date wins over first attestation
    held = site.main("/chuc-danh/chu-tich-ubnd-thanh-pho/")
    assert [r[0] for r in _rows(held.find("table"))] == ["Lê Anh Xuân", "Phạm Văn Đức"]


def test_explicit_event_id_joins_two_reports(site: Site) -> None:
    page = site.main("/su-kien/2017/ky-hop-thu-tu-hdnd-khoa-xi/")
    titles = [a.get_text() for a in page.select(".record-list a")]
    assert "Kỳ họp thứ tư HĐND thành phố khóa XI" in titles
    assert "Bế mạc Kỳ họp thứ tư HĐND thành phố: thông qua 12 nghị quyết" in titles


def test_registry_aliases_and_name_parts(site: Site) -> None:
    index = site.main("/can-bo/")
    names = [a.get_text() for a in index.select(".record-list a")]
    assert names.count("Võ Thị Hòa") == 1 and "Võ Thị Hoà" not in names
    headings = [h.get_text() for h in index.select("h2.letter-heading")]
    hương = next(h for h in index.select("h2.letter-heading")
                 if "Trần Thị Thu Hương" in h.find_next("ul").get_text())
    assert hương.get_text() == "T"  # given name "Thu Hương" from the registry
    assert headings == sorted(headings, key=vntext.collation_key)


def test_indexes_by_year_month_and_a_to_z(site: Site) -> None:
    events = site.main("/su-kien/")
    months = [a["href"] for a in events.select(".months a")]
    assert "/su-kien/2019/03/" in months
    march = site.main("/su-kien/2019/03/")
    assert SEED_EVENT in [a["href"] for a in march.find_all("a")]
    letters = [a["href"] for a in site.main("/can-bo/").select(".letters a")]
    assert letters and all(site.main("/can-bo/").find(id=h[1:]) for h in letters)


# -- names -----------------------------------------------------------------

REPORT = """Title: {title}
Date: {date}
Author: Lê Thảo
Chair: {chair}
Attendees: {attendees}

Báo cáo.
"""


def _report(folder: Path, n: int, chair: str, attendees: str, date: str = "2021-05-0{n} 09:00") -> None:
    write_report(folder, f"r{n}.md", REPORT.format(
        title=f"Hội nghị số {n}", date=date.format(n=n), chair=chair, attendees=attendees))


def test_nfd_and_tone_placement_variants_collapse_to_one_page(build_site, tmp_path) -> None:
    content = tmp_path / "c"
    _report(content, 1, "Võ Thị Hoà – Trưởng ban", "Nguyễn Văn Thuỷ")
    _report(content, 2, unicodedata.normalize("NFD", "Võ Thị Hòa – Trưởng ban"),
            "đồng chí Nguyễn Văn Thủy")
    built = build_site(content)
    officials = sorted(p.name for p in (built.output / "can-bo").iterdir() if p.is_dir())
    assert officials == ["nguyen-van-thuy", "vo-thi-hoa"]
    rows = _rows(built.main("/can-bo/vo-thi-hoa/").find("table"))
    assert len(rows) == 2


def test_names_one_tone_apart_stay_two_people(build_site, tmp_path) -> None:
    content = tmp_path / "c"
    _report(content, 1, "Nguyễn Thị Hà – Chủ tịch", "Lê Văn Nam")
    _report(content, 2, "Nguyễn Thị Hạ – Phó Chủ tịch", "Lê Văn Nam")
    built = build_site(content)
    index = built.main("/can-bo/")
    links = {a.get_text(): a["href"] for a in index.select(".record-list a")}
    assert set(links) == {"Nguyễn Thị Hà", "Nguyễn Thị Hạ", "Lê Văn Nam"}
    assert links["Nguyễn Thị Hà"] != links["Nguyễn Thị Hạ"]
    assert all(h.startswith("/can-bo/nguyen-thi-ha-") for h in
               (links["Nguyễn Thị Hà"], links["Nguyễn Thị Hạ"]))
    for name in ("Nguyễn Thị Hà", "Nguyễn Thị Hạ"):
        assert built.main(links[name]).find("h1").get_text() == name
    # the shared folded slug lists both instead of picking one
    both = [a.get_text() for a in built.main("/can-bo/nguyen-thi-ha/").find_all("a")
            if a["href"].startswith("/can-bo/nguyen-thi-ha-")]
    assert sorted(both) == ["Nguyễn Thị Hà", "Nguyễn Thị Hạ"]
    rebuilt = build_site(content)  # deterministic
    assert {a.get_text(): a["href"] for a in rebuilt.main("/can-bo/").select(".record-list a")} == links
    assert check_site(built.output) == []


def test_a_to_z_in_vietnamese_order(build_site, tmp_path) -> None:
    names = ["Võ Thị Hoà", "Lê Minh Đức", "Phạm Thị Dung", "Nguyễn Văn Ân", "Trần Thị Anh",
             "Hoàng Văn An", "Bùi Thị Ánh", "Đỗ Văn Bình", "Ngô Thị Hạ", "Ngô Thị Hà",
             "Huỳnh Thị Yến", "Đặng Văn Chiến", "Phan Văn Anh", "Trần Văn Bảo"]
    content = tmp_path / "c"
    for n, (chair, other) in enumerate(zip(names[::2], names[1::2]), start=1):
        _report(content, n, chair + " – Ủy viên", other)
    built = build_site(content)
    shown = [a.get_text() for a in built.main("/can-bo/").select(".record-list a")]
    assert shown == ["Hoàng Văn An", "Phan Văn Anh", "Trần Thị Anh", "Bùi Thị Ánh",
                     "Nguyễn Văn Ân", "Trần Văn Bảo", "Đỗ Văn Bình", "Đặng Văn Chiến",
                     "Phạm Thị Dung", "Lê Minh Đức", "Ngô Thị Hà", "Ngô Thị Hạ",
                     "Võ Thị Hoà", "Huỳnh Thị Yến"]
    letters = [a.get_text() for a in built.main("/can-bo/").select(".letters a")]
    assert letters == ["A", "Â", "B", "C", "D", "Đ", "H", "Y"]


def test_body_mentions_stand_in_when_metadata_names_nobody(build_site, tmp_path) -> None:
    content = tmp_path / "c"
    write_report(content, "a.md", "Title: Buổi làm việc với phường An Phú\nDate: 2022-03-04 10:00\n"
                 "Author: Nguyễn Thị Lan\n\nĐồng chí Phạm Văn Đức – Chủ tịch UBND thành phố"
                 " chủ trì buổi làm việc. Dự có đồng chí Lê Thị Hồng – Chủ tịch UBND phường"
                 " An Phú.\n\n## Đồng chí Phạm Văn Đức – Chủ tịch UBND thành phố phát biểu\n")
    built = build_site(content)
    names = [a.get_text() for a in built.main("/can-bo/").select(".record-list a")]
    assert names == ["Phạm Văn Đức", "Lê Thị Hồng"]  # Đ before H; the author is no official
    event = next((built.output / "su-kien" / "2022").glob("2022-03-04-*"))
    rows = _rows(built.main("/su-kien/2022/" + event.name + "/").find("table"))
    assert [r[1:3] for r in rows] == [["Phạm Văn Đức", "chủ trì"], ["Lê Thị Hồng", "dự"]]
    assert rows[0][0] == "1"
    article = next((built.output / "tin-tuc" / "2022" / "03").glob("*/index.html"))
    body = built.soup("/" + str(article.relative_to(built.output))).find("div", class_="article__body")
    assert not body.find("h2").find("a")  # never inside headings
    assert [a.get_text() for a in body.find_all("a")] == ["Phạm Văn Đức", "Lê Thị Hồng"]


# -- the generated corpus (both header styles) ------------------------------

def _source_attendance(content: Path) -> Counter:
    """Events per name, read straight from the report files."""
    counts: Counter = Counter()
    for path in content.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^Attendees: (.*)$", text, re.M)
        if match:
            names = match.group(1).split(", ")
        else:
            header = text.split("---")[1]
            names = re.findall(r'- name: "([^"]+)"', header)
        counts.update(set(names))
    return counts


@pytest.mark.parametrize("fmt", ["pelican", "yaml"])
def test_generated_corpus_officials_and_event_counts(corpora, fmt) -> None:
    site = corpora[fmt]
    expected = _source_attendance(Path(site.settings["PATH"]))
    pages = [p for p in (site.output / "can-bo").iterdir() if p.is_dir()]
    assert len(pages) == len(expected)
    for official in site.main("/can-bo/").select(".record-list a"):
        page = site.main(official["href"])
        table = _section(page, "Sự kiện đã chủ trì và tham dự").find("table")
        assert len(_rows(table)) == expected[official.get_text()], official.get_text()


def test_generated_corpus_formats_agree(corpora) -> None:
    files = {fmt: sorted(str(p.relative_to(s.output)) for p in s.output.rglob("*.html"))
             for fmt, s in corpora.items()}
    assert files["pelican"] == files["yaml"]
    for fmt, built in corpora.items():
        assert check_site(built.output) == [], fmt
    # positions and roles come from the body in the native style, from metadata in YAML
    for url in ["/can-bo/", "/chuc-danh/"]:
        a, b = (corpora[f].main(url).get_text(" ", strip=True) for f in ("pelican", "yaml"))
        assert a == b, url

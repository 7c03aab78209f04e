"""The sample site builds into a Vietnamese news site (issue: site foundation)."""

from __future__ import annotations

import re

from conftest import SEED_URL, Site
from linkcheck import check_site

SEED_TITLE = ("Hội nghị rà soát, bổ sung quy hoạch cán bộ lãnh đạo quản lý nhiệm kỳ"
              " (2015-2020) – (2020-2025)")


def test_reference_article_at_its_url_with_exact_title(site: Site) -> None:
    main = site.main(SEED_URL)
    assert main.find("h1").get_text(strip=True) == SEED_TITLE
    assert site.soup(SEED_URL).title.get_text().startswith(SEED_TITLE)


def test_reference_article_date_time_and_author(site: Site) -> None:
    header = site.main(SEED_URL).find("header", class_="article__header")
    time = header.find("time")
    assert time.get_text() == "14/03/2019 15:22"
    assert time["datetime"] == "2019-03-14T15:22:00+07:00"
    author = header.find("a", rel="author")
    assert author.get_text() == "Lê Thảo"
    assert site.file(author["href"]).is_file()


def test_reference_article_participants_with_positions(site: Site) -> None:
    meeting = site.main(SEED_URL).find("section", class_="meeting")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in meeting.find_all("dt")}
    chair = [li.get_text(" ", strip=True) for li in facts["Chủ trì"].find_all("li")]
    attendees = [li.get_text(" ", strip=True) for li in facts["Dự"].find_all("li")]
    assert chair == ["Nguyễn Tư Khánh – Phó Bí thư Thường trực Thành ủy"]
    assert attendees == ["Lê Anh Xuân – Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố"]
    assert facts["Loại"].get_text(strip=True) == "Hội nghị"
    assert facts["Đơn vị tổ chức"].get_text(strip=True) == "Ban Thường vụ Thành ủy"
    assert "Chi bộ trực thuộc" in facts["Thành phần"].get_text()


def test_reference_body_as_published_with_figure_caption(site: Site) -> None:
    body = site.main(SEED_URL).find("div", class_="article__body")
    paragraphs = [p.get_text() for p in body.find_all("p", recursive=False)]
    assert paragraphs[0].startswith("Sáng ngày14/03/2019, Ban Thường vụ Thành ủy tổ chức")
    assert paragraphs[-1].endswith("cấp thành phố hoàn thành trước tháng 5 năm 2019./")
    assert len(paragraphs) == 5
    assert "Toàn cảnh hội nghị" not in paragraphs
    figure = body.find("figure")
    assert figure.find("figcaption").get_text() == "Toàn cảnh hội nghị"
    assert site.file(figure.find("img")["src"]).is_file()
    assert "Lê Thảo" not in body.get_text()  # the byline is metadata, not body


def test_home_lists_reference_report(site: Site) -> None:
    links = [a["href"] for a in site.main("/").select("h2 a")]
    assert "/" + SEED_URL in links


def test_every_internal_link_resolves(site: Site) -> None:
    assert check_site(site.output) == []
    assert len(site.html_pages()) > 40


def test_link_check_reports_a_broken_link(site: Site, tmp_path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(site.output, copy)
    (copy / "can-bo" / "nguyen-tu-khanh" / "index.html").unlink()
    broken = check_site(copy)
    assert broken and all(b.target.endswith("/can-bo/nguyen-tu-khanh/") for b in broken)


def test_pages_are_vietnamese_accessible_and_self_contained(site: Site) -> None:
    for page in site.html_pages():
        soup = site.soup("/" + str(page.relative_to(site.output)))
        assert soup.html["lang"] == "vi", page
        assert len(soup.find_all("main")) == 1, page
        skip = soup.find("a", class_="skip-link")
        assert skip["href"] == "#main-content" and soup.find(id="main-content"), page
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            url = tag.get("src") or tag.get("href") or ""
            assert not re.match(r"^(https?:)?//", url), (page, url)
        # landmarks of one kind on a page each have a name of their own
        for kind in (soup.find_all("nav"), soup.find_all(attrs={"role": "search"})):
            names = [tag.get("aria-label") for tag in kind]
            assert len(kind) < 2 or (all(names) and len(set(names)) == len(names)), (page, names)
    nav = [a.get_text() for a in site.soup("/").select("header nav a")]
    assert nav == ["Tin tức", "Sự kiện", "Cán bộ", "Nhiệm kỳ", "Tìm kiếm"]


def test_css_has_focus_style_responsive_rules_and_print_sheet(site: Site) -> None:
    css = site.file("/theme/css/site.css").read_text(encoding="utf-8")
    assert ":focus-visible" in css and "@media (max-width" in css
    assert "@import" not in css and "url(" not in css  # no fonts or files from elsewhere
    head = site.soup("/").head
    assert head.find("link", media="print")
    assert head.find("meta", attrs={"name": "viewport"})


def test_article_page_weight_under_50_kb(site: Site) -> None:
    soup = site.soup(SEED_URL)
    size = site.file(SEED_URL).stat().st_size
    for link in soup.find_all("link", rel="stylesheet"):
        size += site.file(link["href"]).stat().st_size
    assert size < 50 * 1024, size


def test_listing_pages_paginate_and_404_exists(build_site, tmp_path) -> None:
    from conftest import ROOT, generate_corpus
    from building.sitebuild import load_settings

    per_page = load_settings(ROOT / "pelicanconf.py")["DEFAULT_PAGINATION"]
    corpus = generate_corpus(per_page + 15, tmp_path / "corpus", "pelican")
    built = build_site(corpus)
    home = built.soup("/")
    assert len(home.select("main .article-card")) == per_page
    nxt = home.find("a", rel="next")
    assert nxt["href"] == "/trang/2/"
    second = built.soup(nxt["href"])
    assert len(second.select("main .article-card")) == 15
    assert second.find("a", rel="next") is None
    assert built.file("/tin-tuc/").is_file() and built.file("/404.html").is_file()
    assert check_site(built.output) == []


def test_dates_are_dd_mm_yyyy_in_listings(site: Site) -> None:
    dates = [t.get_text() for t in site.main("/tin-tuc/").find_all("time")]
    assert dates and all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", d) for d in dates)
    assert "14/03/2019" in dates


def test_taxonomy_indexes_in_vietnamese_order(site: Site) -> None:
    import vntext

    tags = [a.get_text() for a in site.main("/chu-de/").select(".taxonomy a")]
    assert tags == sorted(tags, key=vntext.collation_key) and "Đại hội Đảng bộ" in tags
    assert tags.index("Đại hội Đảng bộ") > tags.index("công tác tổ chức")
    authors = [a.get_text() for a in site.main("/tac-gia/").select(".taxonomy a")]
    assert authors == ["Phan Minh Đạt", "Lê Thảo"]  # by given name: Đạt before Thảo


def test_a_site_under_a_subpath_links_inside_it(build_site) -> None:
    """A city may publish under https://host/cong/: every link of every page
    starts with SITEURL (none jumps to the host's root), and every one resolves.
    The theme's shared macros used to lose SITEURL (imported without context)."""
    import linkcheck

    siteurl = "https://portal.example/cong"
    built = build_site(SITEURL=siteurl)
    rooted = {}
    for page in built.html_pages():
        if "pagefind" in page.parts:
            continue
        links, _ = linkcheck.page_links(page.read_text(encoding="utf-8"))
        bad = sorted({link for link in links if link.startswith("/") and not link.startswith("//")})
        if bad:
            rooted[page.relative_to(built.output).as_posix()] = bad[:3]
    assert rooted == {}
    assert linkcheck.check_site(built.output, siteurl) == []

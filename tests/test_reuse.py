"""Follow and reuse: Atom feeds, iCalendar, open data, structured data, sitemap."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import icalendar
import jsonschema
import pytest

from conftest import SEED_URL, Site, write_report
from views.opendata import TERM

SEED_TITLE = ("Hội nghị rà soát, bổ sung quy hoạch cán bộ lãnh đạo quản lý nhiệm kỳ"
              " (2015-2020) – (2020-2025)")
SEED_EVENT = "su-kien/2019/2019-03-14-hoi-nghi-trien-khai-ke-hoach-ra-soat-bo-sung/"


def _feed(site: Site, path: str):
    parsed = feedparser.parse(site.file("/" + path).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def _alternate(site: Site, url: str) -> list[str]:
    return [l["href"] for l in site.soup(url).find_all("link", rel="alternate")]


# -- feeds -----------------------------------------------------------------------

def test_site_and_category_feeds(site: Site) -> None:
    everything = _feed(site, "feeds/all.atom.xml")
    assert SEED_TITLE in [e.title for e in everything.entries]
    assert "/feeds/all.atom.xml" in _alternate(site, "/")
    category = _feed(site, "feeds/chuyen-muc/tin-tuc-su-kien.atom.xml")
    assert SEED_TITLE in [e.title for e in category.entries]
    page = site.soup("/chuyen-muc/tin-tuc-su-kien/")
    assert "/feeds/chuyen-muc/tin-tuc-su-kien.atom.xml" in [a["href"] for a in page.select("main a")]


@pytest.mark.parametrize("slug", ["nguyen-tu-khanh", "le-anh-xuan"])
def test_reference_report_is_in_the_feeds_of_both_its_officials(site: Site, slug) -> None:
    feed = _feed(site, f"feeds/can-bo/{slug}.atom.xml")
    assert SEED_TITLE in [e.title for e in feed.entries]
    page = f"/can-bo/{slug}/"
    assert f"/feeds/can-bo/{slug}.atom.xml" in _alternate(site, page)
    follow = site.main(page).find("a", class_="feed-link")
    assert follow["href"] == f"/feeds/can-bo/{slug}.atom.xml" and "Nhận tin mới về" in follow.get_text()


def test_every_feed_has_its_own_id_its_page_and_the_site_name_once(site: Site) -> None:
    feeds = sorted((site.output / "feeds").rglob("*.atom.xml"))
    assert len(feeds) > 10
    parsed = {f.relative_to(site.output).as_posix(): _feed(site, f.relative_to(site.output).as_posix())
              for f in feeds}
    ids = [feed.feed.id for feed in parsed.values()]
    assert len(set(ids)) == len(ids)  # one id each (it was the site's URL for all)
    name = site.settings["SITENAME"]
    for path, feed in parsed.items():
        assert feed.feed.title.count(name) == 1, (path, feed.feed.title)
        assert feed.feed.id.endswith("/" + path), (path, feed.feed.id)
    # a record's feed links the record's page, which links the feed back
    official = parsed["feeds/can-bo/nguyen-tu-khanh.atom.xml"].feed
    assert official.link.endswith("/can-bo/nguyen-tu-khanh/") and "Nguyễn Tư Khánh" in official.title
    term = parsed["feeds/nhiem-ky/2020-2025.atom.xml"].feed
    assert term.link.endswith("/nhiem-ky/2020-2025/")
    kind = parsed["feeds/su-kien/hoi-nghi.atom.xml"].feed
    assert kind.link.endswith("/su-kien/")
    for feed in (official, term, kind):
        page = "/" + feed.link.split("/", 3)[-1] if "://" in feed.link else feed.link
        assert any(href.endswith(path) for path in parsed for href in _alternate(site, page)
                   if parsed[path].feed is feed)


def test_official_feed_holds_exactly_their_reports(site: Site) -> None:
    feed = _feed(site, "feeds/can-bo/hoang-minh-an.atom.xml")
    assert [e.title for e in feed.entries] == [
        "Hội nghị sơ kết 6 tháng thực hiện Đề án chuyển đổi số thành phố"]


def test_term_and_event_kind_feeds(site: Site) -> None:
    for term in ("2015-2020", "2020-2025"):
        assert SEED_TITLE in [e.title for e in _feed(site, f"feeds/nhiem-ky/{term}.atom.xml").entries]
        assert f"/feeds/nhiem-ky/{term}.atom.xml" in _alternate(site, f"/nhiem-ky/{term}/")
    kind = _feed(site, "feeds/su-kien/hoi-nghi.atom.xml")
    assert SEED_TITLE in [e.title for e in kind.entries]
    assert "Kỳ họp thứ tư HĐND thành phố khóa XI" not in [e.title for e in kind.entries]
    assert "/feeds/su-kien/hoi-nghi.atom.xml" in _alternate(site, "/su-kien/")
    assert "/feeds/su-kien/hoi-nghi.atom.xml" in [a["href"] for a in site.main("/" + SEED_EVENT).find_all("a")]


# -- calendars -------------------------------------------------------------------

def test_calendar_of_all_events_parses_with_local_times(site: Site) -> None:
    calendar = icalendar.Calendar.from_ical(site.file("/su-kien/lich.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == len(list((site.output / "su-kien").glob("*/*/lich.ics")))
    congress = next(e for e in events if str(e["SUMMARY"]).startswith("Đại hội đại biểu"))
    start = congress.decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=7)
    assert (start.hour, start.minute) == (7, 30)
    assert str(congress["LOCATION"]) == "Trung tâm Hội nghị thành phố"
    # a timed event ends EVENT_DURATION_MINUTES (120) later; the calendar has its own name
    assert congress.decoded("DTEND") - start == timedelta(minutes=120)
    assert str(calendar["X-WR-CALNAME"]) == f"Sự kiện — {site.settings['SITENAME']}"
    seed = next(e for e in events if "rà soát" in str(e["SUMMARY"]))
    assert seed.decoded("DTSTART").isoformat() == "2019-03-14"  # known by day only
    assert any(c.name == "VTIMEZONE" for c in calendar.walk())
    raw = site.file("/su-kien/lich.ics").read_bytes()
    assert b"TZID=Asia/Ho_Chi_Minh" in raw and b"\r\n" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_each_event_has_its_own_calendar_file(site: Site) -> None:
    page = site.main("/" + SEED_EVENT)
    link = next(a for a in page.find_all("a") if "Thêm vào lịch" in a.get_text())
    single = icalendar.Calendar.from_ical(site.file(link["href"]).read_bytes())
    (event,) = single.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Hội nghị triển khai kế hoạch rà soát")
    assert str(event["URL"]).endswith(SEED_EVENT)


@pytest.mark.parametrize("page, name", [("/can-bo/nguyen-tu-khanh/", "Nguyễn Tư Khánh"),
                                        ("/nhiem-ky/2015-2020/", "Nhiệm kỳ 2015–2020")])
def test_each_official_and_term_has_a_calendar_of_its_events(site: Site, page, name) -> None:
    main = site.main(page)
    link = next(a for a in main.find_all("a") if a["href"].endswith(".ics"))
    calendar = icalendar.Calendar.from_ical(site.file(link["href"]).read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith(name)
    # the same events the page links
    events = {a["href"] for a in main.find_all("a", href=True)
              if a["href"].startswith("/su-kien/") and a["href"].count("/") == 4}
    urls = {"/" + str(e["URL"]).split("/", 3)[-1] if "://" in str(e["URL"]) else str(e["URL"])
            for e in calendar.walk("VEVENT")}
    assert events and urls == events, (urls ^ events)


# -- open data -------------------------------------------------------------------

@pytest.fixture(scope="module")
def popolo(site: Site) -> dict:
    return json.loads(site.file("/du-lieu/popolo.json").read_text(encoding="utf-8"))


def test_popolo_json_validates_against_its_schema(site: Site, popolo) -> None:
    schema = json.loads(site.file("/du-lieu/popolo.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(popolo)
    broken = {**popolo, "persons": [{"id": 1}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_popolo_counts_and_ids_match_the_record_pages(site: Site, popolo) -> None:
    def pages(folder: str, depth: int = 1) -> set[str]:
        pattern = "/".join(["*"] * depth) + "/index.html"
        return {p.parent.name for p in (site.output / folder).glob(pattern)}

    assert {p["id"] for p in popolo["persons"]} == pages("can-bo")
    assert {p["id"] for p in popolo["posts"]} == pages("chuc-danh")
    meetings = [e for e in popolo["events"] if e["classification"] != TERM]
    terms = [e for e in popolo["events"] if e["classification"] == TERM]
    assert {e["id"] for e in meetings} == {p.parent.name for p in (site.output / "su-kien").glob(
        "*/*/lich.ics")}
    assert {t["id"] for t in terms} == pages("nhiem-ky")
    khanh = {m["post_id"]: m for m in popolo["memberships"] if m["person_id"] == "nguyen-tu-khanh"}
    deputy = khanh["pho-bi-thu-thuong-truc-thanh-uy"]
    assert "2019-03-14-hoi-nghi-trien-khai-ke-hoach-ra-soat-bo-sung" in deputy["attesting_event_ids"]
    assert "2015-2020" in deputy["term_ids"]
    assert (deputy["organization_id"], deputy["role"]) == ("thanh-uy", "Phó Bí thư Thường trực")
    seed = next(e for e in meetings if e["id"].startswith("2019-03-14"))
    assert seed["attendees"] == [{"id": "nguyen-tu-khanh", "name": "Nguyễn Tư Khánh"},
                                 {"id": "le-anh-xuan", "name": "Lê Anh Xuân"}]
    assert seed["participations"] == [
        {"person_id": "nguyen-tu-khanh", "role": "chủ trì", "title": "Phó Bí thư Thường trực Thành ủy"},
        {"person_id": "le-anh-xuan", "role": "dự",
         "title": "Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố"}]
    assert seed["about_term_ids"] == ["2015-2020", "2020-2025"]


def test_popolo_json_is_valid_for_the_official_popolo_schemas(popolo) -> None:
    """tests/vendor/popolo: Popolo's own JSON schemas (draft 3), each list
    against its type's schema; organizations come from the posts' names."""
    import referencing
    import referencing.jsonschema

    folder = Path(__file__).parent / "vendor" / "popolo"
    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    registry = referencing.Registry().with_resources(
        (schema["id"], referencing.jsonschema.DRAFT3.create_resource(schema))
        for schema in schemas.values())
    for key, kind in (("persons", "person"), ("organizations", "organization"),
                      ("posts", "post"), ("memberships", "membership"), ("events", "event")):
        validator = jsonschema.Draft3Validator(schemas[kind], registry=registry)
        assert popolo[key], key
        for item in popolo[key]:
            validator.validate(item)
    with pytest.raises(jsonschema.ValidationError):  # the schemas do check: a bad date fails
        jsonschema.Draft3Validator(schemas["event"], registry=registry).validate(
            {**popolo["events"][0], "start_date": "14/03/2019"})
    organizations = {o["id"]: o["name"] for o in popolo["organizations"]}
    assert {"Thành ủy", "Tỉnh ủy", "UBND thành phố", "HĐND thành phố", "Ban Thường vụ Thành ủy",
            "Sở Thông tin và Truyền thông"} <= set(organizations.values())
    posts = {p["label"]: p for p in popolo["posts"]}
    assert organizations[posts["Phó Chủ tịch UBND thành phố"]["organization_id"]] == "UBND thành phố"
    assert posts["Phó Chủ tịch UBND thành phố"]["role"] == "Phó Chủ tịch"
    assert organizations[posts["Tỉnh ủy viên"]["organization_id"]] == "Tỉnh ủy"  # named in settings
    by_id = {p["id"]: p for p in popolo["posts"]}
    assert all(p["organization_id"] in organizations for p in popolo["posts"])
    assert all(m["organization_id"] == by_id[m["post_id"]]["organization_id"]
               for m in popolo["memberships"])


def test_csv_files_have_a_bom_and_the_same_counts(site: Site, popolo) -> None:
    def rows(name: str) -> list[dict]:
        raw = site.file(f"/du-lieu/{name}").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))

    assert len(rows("can-bo.csv")) == len(popolo["persons"])
    assert len(rows("chuc-danh.csv")) == len(popolo["posts"])
    assert len(rows("chuc-vu.csv")) == len(popolo["memberships"])
    meetings = [e for e in popolo["events"] if e["classification"] != TERM]
    assert len(rows("su-kien.csv")) == len(meetings)
    assert len(rows("tham-du.csv")) == sum(len(e["participations"]) for e in meetings)
    assert len(rows("nhiem-ky.csv")) == len(popolo["events"]) - len(meetings)
    khanh = next(r for r in rows("can-bo.csv") if r["id"] == "nguyen-tu-khanh")
    assert khanh["ten"] == "Nguyễn Tư Khánh" and khanh["chuc_danh_gan_nhat"] == "Bí thư Thành ủy"


def test_open_data_page_links_every_export(site: Site) -> None:
    links = {a["href"] for a in site.main("/du-lieu/").find_all("a")}
    for name in ("popolo.json", "popolo.schema.json", "can-bo.csv", "chuc-vu.csv",
                 "chuc-danh.csv", "su-kien.csv", "tham-du.csv", "nhiem-ky.csv"):
        assert f"/du-lieu/{name}" in links, name


# -- structured data ---------------------------------------------------------------

def _jsonld(site: Site, url: str) -> list[dict]:
    return [json.loads(s.string) for s in site.soup(url).find_all("script", type="application/ld+json")]


def test_every_json_ld_block_parses(site: Site) -> None:
    blocks = 0
    for page in site.html_pages():
        blocks += len(_jsonld(site, "/" + str(page.relative_to(site.output))))
    assert blocks > 20


def test_article_is_a_news_article(site: Site) -> None:
    (data,) = _jsonld(site, SEED_URL)
    assert data["@type"] == "NewsArticle" and data["headline"] == SEED_TITLE
    assert data["datePublished"] == "2019-03-14T15:22:00+07:00"
    assert data["author"][0]["name"] == "Lê Thảo"
    assert {a["name"] for a in data["about"]} >= {"Nguyễn Tư Khánh", "Lê Anh Xuân"}
    emblem = "/theme/img/bieu-trung.svg"  # the theme's, since the site names none
    assert data["publisher"] == {"@type": "Organization", "name": site.settings["SITE_AGENCY"],
                                 "url": "/", "logo": {"@type": "ImageObject", "url": emblem}}
    assert site.file(emblem).is_file()
    assert data["inLanguage"] == "vi"
    assert data["dateModified"] == data["datePublished"]  # never modified
    assert data["image"] == ["/images/2019/toan-canh-hoi-nghi.svg"]  # its own figure
    soup = site.soup(SEED_URL)
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"].startswith(SEED_TITLE)
    assert soup.find("link", rel="canonical")["href"] == "/" + SEED_URL
    assert soup.select_one("header .site-name img")["src"] == emblem


def test_a_site_names_its_own_emblem(build_site, content_copy: Path) -> None:
    (content_copy / "images" / "bieu-trung.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', encoding="utf-8")
    built = build_site(content_copy, SITEURL="https://portal.example",
                       SITE_EMBLEM="images/bieu-trung.svg")
    (data,) = _jsonld(built, SEED_URL)
    assert data["publisher"]["logo"]["url"] == "https://portal.example/images/bieu-trung.svg"
    assert built.soup("/").select_one("header .site-name img")["src"] == data[
        "publisher"]["logo"]["url"]
    assert built.file("/images/bieu-trung.svg").is_file()


def test_event_and_person(site: Site) -> None:
    congress = next((site.output / "su-kien" / "2020").glob("2020-08-19-*"))
    (event,) = _jsonld(site, f"/su-kien/2020/{congress.name}/")
    assert event["@type"] == "Event" and event["startDate"] == "2020-08-19T07:30:00+07:00"
    assert event["organizer"]["name"] == "Ban Chấp hành Đảng bộ thành phố"
    assert event["location"]["name"] == "Trung tâm Hội nghị thành phố"
    assert [p["name"] for p in event["performer"]] == ["Nguyễn Tư Khánh", "Lê Anh Xuân"]
    assert len(event["attendee"]) == 5
    events = [data for page in (site.output / "su-kien").glob("*/*/index.html")
              for data in _jsonld(site, "/" + page.relative_to(site.output).parent.as_posix() + "/")]
    assert len(events) > 5
    for data in events:  # only true facts:
        page = data["url"]
        location = data.get("location", {}).get("name")  # a place, never the organizer
        assert location is None or location != data.get("organizer", {}).get("name"), page
        assert "eventStatus" not in data and "eventAttendanceMode" not in data
    (person,) = _jsonld(site, "/can-bo/nguyen-tu-khanh/")
    assert person["@type"] == "Person" and person["name"] == "Nguyễn Tư Khánh"
    assert person["jobTitle"] == "Bí thư Thành ủy" and person["affiliation"]["name"]


def test_json_ld_cannot_be_closed_by_content(tmp_path) -> None:
    from views.jsonld import to_jsonld

    text = str(to_jsonld({"headline": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"].startswith("</script>")


# -- sitemap and robots -----------------------------------------------------------------

def test_sitemap_lists_every_html_page_and_only_those(site: Site) -> None:
    """A preview has no SITEURL: its sitemap lists absolute URLs of `invoke
    serve`, as the protocol asks, and is valid for its schema."""
    from lxml import etree

    tree = ElementTree.parse(site.output / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.findall(".//s:loc", ns)}
    pages = set()
    for page in site.html_pages():
        relative = page.relative_to(site.output).as_posix()
        if relative != "404.html":
            pages.add(f"{site.settings['PREVIEW_URL']}/" + relative.removesuffix("index.html"))
    assert listed == pages
    schema = _sitemaps_schema("sitemap.xsd")
    assert schema.validate(etree.parse(str(site.output / "sitemap.xml"))), schema.error_log
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots


def test_sitemap_leaves_out_drafts_and_hidden_pages_and_the_site_keeps_its_robots(
        content_copy: Path, build_site) -> None:
    import urllib.robotparser

    (content_copy / "pages").mkdir()
    (content_copy / "pages" / "gioi-thieu.md").write_text(
        "Title: Giới thiệu\nSlug: gioi-thieu\n\nTrang giới thiệu.\n", encoding="utf-8")
    (content_copy / "pages" / "noi-bo.md").write_text(
        "Title: Trang nội bộ\nSlug: noi-bo\nStatus: hidden\n\nKhông công khai.\n",
        encoding="utf-8")
    write_report(content_copy, "nhap.md", "Title: Bản nháp họp giao ban\nSlug: ban-nhap-giao-ban\n"
                 "Date: 2021-05-04 09:00\nStatus: draft\n\nChưa duyệt.\n")
    built = build_site(content_copy)
    listed = _sitemap(built)
    assert "/thong-tin/gioi-thieu/" in listed
    assert (built.output / "thong-tin/noi-bo/index.html").is_file()  # built, not listed
    assert "/thong-tin/noi-bo/" not in listed
    assert not [url for url in listed if "ban-nhap" in url]
    assert list((built.output / "ban-nhap").rglob("index.html"))  # the preview has the draft
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((built.output / "robots.txt").read_text(encoding="utf-8").splitlines())
    assert robots.can_fetch("*", "/tin-tuc/")
    assert not robots.can_fetch("*", "/ban-nhap/ban-nhap-giao-ban/")  # first-match parsers too
    # a site's own robots.txt (a static file) is kept as it is
    (content_copy / "extra").mkdir()
    (content_copy / "extra" / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    own = build_site(content_copy, STATIC_PATHS=["images", "extra/robots.txt"],
                     EXTRA_PATH_METADATA={"extra/robots.txt": {"path": "robots.txt"}})
    assert (own.output / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def _sitemap(site: Site) -> set[str]:
    """The sitemap's URLs, as paths from the site's root."""
    tree = ElementTree.parse(site.output / "sitemap.xml")
    base = site.settings.get("SITEURL") or site.settings["FEED_DOMAIN"]
    return {loc.text.removeprefix(base) for loc in tree.findall(
        ".//s:loc", {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})}


def _sitemaps_schema(name: str):
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(Path(__file__).parent / "vendor" / "sitemaps" / name)))


def test_sitemap_is_valid_for_the_sitemaps_org_schema(build_site, tmp_path) -> None:
    """tests/vendor/sitemaps: the protocol's own XSD; a public build (with
    SITEURL) lists absolute URLs, as the protocol asks."""
    import sitemap
    from lxml import etree

    built = build_site(SITEURL="https://portal.example")
    document = etree.parse(str(built.output / "sitemap.xml"))
    schema = _sitemaps_schema("sitemap.xsd")
    assert schema.validate(document), schema.error_log
    assert len(document.getroot()) > 20
    bad = etree.fromstring(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                           b'<url><loc>/tin-tuc/</loc></url></urlset>')
    assert not schema.validate(bad)  # a relative URL is refused: the check is real
    # split above the limit: the index and its parts are valid too
    for n in range(5):
        (tmp_path / "split" / f"p{n}").mkdir(parents=True)
        (tmp_path / "split" / f"p{n}" / "index.html").write_text("x")
    sitemap.write(tmp_path / "split", "https://portal.example", limit=2)
    index = _sitemaps_schema("siteindex.xsd")
    assert index.validate(etree.parse(str(tmp_path / "split" / "sitemap.xml"))), index.error_log
    for n in (1, 2, 3):
        assert schema.validate(etree.parse(str(tmp_path / "split" / f"sitemap-{n}.xml")))


def test_sitemap_splits_above_the_protocol_limit(tmp_path) -> None:
    import sitemap

    for n in range(7):
        (tmp_path / f"p{n}").mkdir()
        (tmp_path / f"p{n}" / "index.html").write_text("x")
    sitemap.write(tmp_path, "https://portal.example", limit=3)
    index = (tmp_path / "sitemap.xml").read_text()
    assert "<sitemapindex" in index and index.count("<sitemap>") == 3
    assert "Sitemap: https://portal.example/sitemap.xml" in (tmp_path / "robots.txt").read_text()
    locs = "".join((tmp_path / f"sitemap-{n}.xml").read_text() for n in (1, 2, 3))
    assert locs.count("<loc>") == 7

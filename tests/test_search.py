"""Search: Pagefind index built by the build, queried in a real browser."""

from __future__ import annotations

import json
import re
import tempfile
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

import vntext
from conftest import SEED_URL, Site, write_report
from search.index import SearchIndexError, build_index, verify

SEED_TITLE = ("Hội nghị rà soát, bổ sung quy hoạch cán bộ lãnh đạo quản lý nhiệm kỳ"
              " (2015-2020) – (2020-2025)")
DONE = ("() => { const t = document.getElementById('search-status').textContent;"
        " return t.startsWith('Tìm thấy') || t.startsWith('Không'); }")


def search(page, base: str, query: str = "", **params: str) -> list[dict]:
    """Open the search page for ``query`` and return the results shown."""
    url = f"{base}/tim-kiem/?q={quote(query)}" + "".join(
        f"&{k}={quote(v)}" for k, v in params.items())
    page.goto(url)
    page.wait_for_function(DONE, timeout=20000)
    return results(page)


def results(page) -> list[dict]:
    return page.eval_on_selector_all(".search-result", """items => items.map(li => ({
        title: li.querySelector('h2 a').textContent,
        href: li.querySelector('h2 a').getAttribute('href'),
        type: li.querySelector('.search-result__type').textContent,
        meta: li.querySelector('.search-result__meta').textContent,
        marks: li.querySelectorAll('.search-result__excerpt mark').length,
    }))""")


# -- the index ------------------------------------------------------------------

def test_build_writes_one_verified_shard_per_year_and_records(site: Site) -> None:
    folder = site.output / "pagefind"
    manifest = json.loads((folder / "shards.json").read_text(encoding="utf-8"))
    ids = [s["id"] for s in manifest["shards"]]
    # the sample has no page of its own (thong-tin/): no "pages" shard
    assert ids == ["2024", "2022", "2021", "2020", "2019", "2017", "2016", "records"]
    for shard in manifest["shards"]:
        verify(folder / shard["path"])
    assert not (site.output / "pagefind.old").exists()
    assert not (Path.cwd() / "pagefind").exists()  # no stray second index


def test_each_shard_indexes_exactly_the_pages_that_opt_in(site: Site) -> None:
    """Pagefind is given only opting-in pages (most event pages do not): the
    page counts it reports equal the marked files under each shard's folders."""
    manifest = json.loads((site.output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    roots = {str(y): [f"tin-tuc/{y}", f"su-kien/{y}"] for y in range(2000, 2100)}
    roots["records"] = ["can-bo", "chuc-danh", "nhiem-ky"]
    roots["pages"] = ["thong-tin"]
    for shard in manifest["shards"]:
        marked = [page for root in roots[shard["id"]] for page in (site.output / root).rglob("*.html")
                  if b"data-pagefind-body" in page.read_bytes()]
        assert shard["pages"] == len(marked) > 0, shard["id"]
        fragments = list((site.output / "pagefind" / shard["path"] / "fragment").iterdir())
        assert len(fragments) == len(marked), shard["id"]


def test_only_main_content_of_articles_and_records_is_marked(site: Site) -> None:
    article = site.soup(SEED_URL)
    body = article.find(attrs={"data-pagefind-body": True})
    assert body.name == "article" and body.find("h1").get_text() == SEED_TITLE
    assert not body.find_parent(["nav", "footer", "header"])
    filters = {(s["data-pagefind-filter"], s.get_text()) for s in
               article.find_all(attrs={"data-pagefind-filter": True})}
    assert {("type", "bài viết"), ("official", "Nguyễn Tư Khánh"), ("official", "Lê Anh Xuân"),
            ("year", "2019"), ("kind", "Hội nghị"), ("term", "Nhiệm kỳ 2020–2025"),
            ("category", "Tin tức - Sự kiện")} <= filters
    folded = article.find(attrs={"data-pagefind-meta": "folded"}).get_text().split()
    assert {"hdnd", "dang", "dong"} <= set(folded)
    for listing in ("/", "/tin-tuc/", "/can-bo/", "/su-kien/", "/chu-de/", "/tim-kiem/"):
        assert not site.soup(listing).find(attrs={"data-pagefind-body": True}), listing


def test_an_event_is_indexed_only_when_several_reports_cover_it(site: Site) -> None:
    shared = site.soup("/su-kien/2017/ky-hop-thu-tu-hdnd-khoa-xi/")
    assert shared.find(attrs={"data-pagefind-body": True})
    assert ("type", "sự kiện") in {(s["data-pagefind-filter"], s.get_text()) for s in
                                   shared.find_all(attrs={"data-pagefind-filter": True})}
    seed_event = site.main(SEED_URL).select_one('a[href*="/su-kien/2019/"]')["href"]
    alone = site.soup(seed_event)
    assert not alone.find(attrs={"data-pagefind-body": True})  # its report stands for it
    assert not alone.find(attrs={"data-pagefind-filter": True})


def test_html_is_nfc(site: Site) -> None:
    for page in site.html_pages():
        assert unicodedata.is_normalized("NFC", page.read_text(encoding="utf-8")), page


def test_d_folded_words() -> None:
    assert vntext.d_folded_words("Chủ tịch HĐND, Đại hội Đảng bộ", "đồng chí Đức") == (
        "hdnd dai dang dong duc")
    assert vntext.d_folded_words("không có chữ đê") == "de"
    assert vntext.d_folded_words("Chủ tịch UBND") == ""


def test_verify_fails_loudly_on_an_empty_file(site: Site, tmp_path: Path) -> None:
    shard = tmp_path / "2019"
    shutil.copytree(site.output / "pagefind" / "2019", shard)
    verify(shard)
    (shard / "pagefind-entry.json").write_bytes(b"")
    with pytest.raises(SearchIndexError, match="không phải JSON hợp lệ"):
        verify(shard)
    fragment = next((shard / "fragment").iterdir())
    fragment.write_bytes(b"")
    (shard / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="tệp chỉ mục rỗng"):
        verify(shard)


def test_failed_indexing_leaves_the_previous_index(site: Site, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site.output, copy)
    before = sorted(p.relative_to(copy) for p in (copy / "pagefind").rglob("*"))
    settings = {**site.settings, "SEARCH_OTHER_PAGES": "{can-bo/**"}  # invalid glob
    with pytest.raises(Exception):
        build_index(copy, settings)
    assert sorted(p.relative_to(copy) for p in (copy / "pagefind").rglob("*")) == before
    assert not (copy / ".pagefind-new").exists()


def test_pagefind_waits_for_its_webassembly_in_short_steps(site: Site) -> None:
    """Every shard's script, and the one copy the search page loads, poll in
    5 ms steps (this version of Pagefind polls in 50 ms steps)."""
    folder = site.output / "pagefind"
    scripts = [folder / "pagefind.js", *folder.glob("*/pagefind.js")]
    assert len(scripts) > 2
    for script in scripts:
        code = script.read_text(encoding="utf-8")
        assert "asyncSleep(5)" in code and "asyncSleep(50)" not in code, script
    assert json.loads((folder / "shards.json").read_text(encoding="utf-8"))["script"] == "pagefind.js"


def test_a_shard_indexed_by_another_pagefind_version_is_indexed_again(
        site: Site, tmp_path: Path, monkeypatch) -> None:
    import search.index

    copy = tmp_path / "site"
    shutil.copytree(site.output, copy)
    entries = lambda: {p.parent.name: p.stat().st_ino
                       for p in (copy / "pagefind").glob("*/pagefind-entry.json")}
    build_index(copy, site.settings)
    first = entries()
    build_index(copy, site.settings)
    assert entries() == first  # nothing changed: every shard kept
    monkeypatch.setattr(search.index, "PAGEFIND", "0.0.0")
    build_index(copy, site.settings)
    again = entries()
    assert sorted(again) == sorted(first)
    assert all(again[shard] != first[shard] for shard in first)  # every shard indexed anew


def test_a_kept_shard_missing_what_a_search_starts_with_is_indexed_again(
        site: Site, tmp_path: Path) -> None:
    """A shard left from the last build is not walked file by file again, but
    one whose entry, script, metadata or WebAssembly file is gone or empty is
    indexed anew instead of served broken; the others stay as they were."""
    copy = tmp_path / "site"
    shutil.copytree(site.output, copy)
    folder = copy / "pagefind"
    entries = lambda: {p.parent.name: p.stat().st_ino for p in folder.glob("*/pagefind-entry.json")}
    build_index(copy, site.settings)
    first = entries()
    shards = sorted(first)
    assert len(shards) >= 4
    damaged = dict(zip(shards, ["pagefind-entry.json", "pagefind.js", "pf_meta", "wasm"]))
    for shard, what in damaged.items():
        target = next(p for p in (folder / shard).iterdir() if what in p.name)
        if what == "pagefind.js":
            target.unlink()
        else:
            target.write_bytes(b"" if what != "pagefind-entry.json" else b"{")
    manifest = build_index(copy, site.settings)
    again = entries()
    assert sorted(again) == shards
    for shard in shards:
        assert (again[shard] != first[shard]) == (shard in damaged), shard
        verify(folder / shard)
    assert [s["id"] for s in manifest["shards"]] == [s["id"] for s in json.loads(
        (folder / "shards.json").read_text(encoding="utf-8"))["shards"]]


@pytest.mark.parametrize("shard_pages", [None, 2], ids=["years", "months"])
def test_what_a_page_holds_is_read_again_only_when_its_file_changed(
        site: Site, tmp_path: Path, monkeypatch, shard_pages: int | None) -> None:
    """Which pages opt in, and their month, is kept between builds by file
    (inode, size, time): an unchanged site reads no page, and a page written
    anew (one that stopped opting in) is read again and leaves the index.
    With years split by month, the pages looked at only to split them (an
    event's page that does not opt in) are kept too."""
    import search.index

    settings = dict(site.settings)
    if shard_pages:
        settings["SEARCH_SHARD_PAGES"] = shard_pages

    copy = tmp_path / "site"
    shutil.copytree(site.output, copy)
    reads: list[str] = []

    class Counting(type(Path())):
        def read_bytes(self) -> bytes:
            if self.suffix == ".html":
                reads.append(self.relative_to(copy).as_posix())
            return super().read_bytes()

    monkeypatch.setattr(search.index, "Path", Counting)
    counts = lambda manifest: {s["id"]: s["pages"] for s in manifest["shards"]}  # noqa: E731
    first = counts(build_index(copy, settings))
    assert len(reads) > 10  # nothing known yet: every page is read
    reads.clear()
    assert counts(build_index(copy, settings)) == first
    assert reads == []
    page = next(p for p in sorted((copy / "tin-tuc").rglob("index.html"))
                if b"data-pagefind-body" in p.read_bytes())
    reads.clear()
    text = page.read_text(encoding="utf-8")
    page.unlink()  # as the writer does: a new file, never one rewritten in place
    page.write_text(text.replace("data-pagefind-body", "data-was-indexed"), encoding="utf-8")
    year = page.relative_to(copy / "tin-tuc").parts[0]
    after = counts(build_index(copy, settings))
    assert reads == [page.relative_to(copy).as_posix()]
    changed = [key for key in first.keys() | after.keys() if first.get(key) != after.get(key)]
    assert len(changed) == 1 and changed[0].startswith(year), (first, after)
    # one page fewer; a shard left empty is not listed
    assert after.get(changed[0], 0) == first[changed[0]] - 1
    if shard_pages:  # years laid out by month: shards of months (2024-02), not of years
        assert all(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", key) for key in first
                   if key[:4].isdigit()), first


# -- in the browser -----------------------------------------------------------------

@pytest.mark.parametrize("query, first", [
    ("nguyen tu khanh", "Nguyễn Tư Khánh"),
    ("Nguyễn Tư Khánh", "Nguyễn Tư Khánh"),
    (unicodedata.normalize("NFD", "Nguyễn Tư Khánh"), "Nguyễn Tư Khánh"),
    ("quy hoach can bo", SEED_TITLE),
    ("pho bi thu thuong truc", "Phó Bí thư Thường trực Thành ủy"),
    ("hdnd", "HĐND"),
    ("ban thuong vu", "Ban Thường vụ"),
])
def test_queries_without_diacritics_find_the_expected_page_first(page, site_url, query, first) -> None:
    found = search(page, site_url, query)
    assert found, query
    assert found[0]["title"] == first or (len(first) < 15 and first in found[0]["title"]), found[:3]
    assert found[0]["marks"] > 0 or found[0]["type"] != "bài viết"


def test_words_starting_with_d_also_match_d_bar(page, site_url) -> None:
    congress = "Đại hội đại biểu Đảng bộ thành phố lần thứ XV, nhiệm kỳ 2020-2025"
    top = [(r["title"], r["type"]) for r in search(page, site_url, "dai hoi dang bo")[:3]]
    assert top[0] == (congress, "bài viết"), top
    assert (congress, "sự kiện") not in top  # one report: the meeting is found once
    assert search(page, site_url, "dang quoc dung")[0]["title"] == "Đặng Quốc Dũng"


def test_a_meeting_two_reports_cover_is_found_as_an_event(page, site_url) -> None:
    found = search(page, site_url, "ky hop thu tu hdnd khoa xi")
    events = [r for r in found if r["type"] == "sự kiện"]
    assert [r["href"] for r in events] == ["/su-kien/2017/ky-hop-thu-tu-hdnd-khoa-xi/"]
    # its participants' pages list it, but are found by their own names and
    # positions, not by every meeting's
    assert not [r for r in found if r["type"] == "cán bộ"], found
    assert search(page, site_url, "tran thi thu huong")[0]["type"] == "cán bộ"


def test_results_show_title_type_date_and_excerpt(page, site_url) -> None:
    found = search(page, site_url, "quy hoach can bo")
    seed = found[0]
    assert seed["href"] == "/" + SEED_URL
    assert seed["type"] == "bài viết"
    assert "14/03/2019" in seed["meta"]
    assert seed["marks"] >= 1
    assert {r["type"] for r in found} <= {"bài viết", "sự kiện", "cán bộ", "chức danh", "nhiệm kỳ"}
    assert all(re.search(r"\d{2}/\d{2}/\d{4}", r["meta"]) for r in found)


def test_navigation_and_footer_are_not_indexed(page, site_url) -> None:
    page.goto(site_url + "/404.html")
    indexed = page.evaluate("""async () => {
        const pf = await import("/pagefind/2019/pagefind.js");
        const found = await pf.search("quy hoach can bo");
        return Promise.all(found.results.map(async (r) => (await r.data()).content));
    }""")
    assert indexed and all("Bỏ qua, đến nội dung chính" not in c for c in indexed)
    assert all("Lưu trữ tin" not in c and "Tìm bài viết" not in c for c in indexed)
    assert any("Sáng ngày14/03/2019" in c for c in indexed)


def test_filter_narrows_and_url_reproduces(page, site_url) -> None:
    everything = search(page, site_url, "nguyen tu khanh")
    assert page.get_attribute("#search", "data-filters") is None  # not fetched until wanted
    page.focus("#filter-type")
    page.wait_for_selector("#search[data-filters=ready]")
    page.select_option("#filter-type", "bài viết")
    page.wait_for_function(DONE)
    page.wait_for_function("() => location.search.includes('type=')")
    narrowed = results(page)
    assert 0 < len(narrowed) < len(everything)
    assert {r["type"] for r in narrowed} == {"bài viết"}
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["nguyen tu khanh"], "type": ["bài viết"]}
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_function(DONE)
    assert results(page) == narrowed
    assert page.input_value("#filter-type") == "bài viết"


def test_year_and_official_filters_and_newest_first(page, site_url) -> None:
    found = search(page, site_url, "", official="Nguyễn Tư Khánh", sort="date")
    dated = [r for r in found if r["type"] in ("bài viết", "sự kiện")]
    dates = [re.search(r"(\d{2})/(\d{2})/(\d{4})", r["meta"]).groups()[::-1] for r in dated]
    assert len(dated) >= 7 and dates == sorted(dates, reverse=True)
    assert found[:len(dated)] == dated  # record pages (officials, posts) come after
    in_2019 = search(page, site_url, "nguyen tu khanh", year="2019")
    assert in_2019 and all("2019" in r["meta"] for r in in_2019)


def test_back_button_restores_the_previous_query(page, site_url) -> None:
    search(page, site_url, "hdnd")
    first = results(page)
    page.fill("#search-q", "quy hoach can bo")
    page.press("#search-q", "Enter")
    page.wait_for_function("() => document.querySelector('.search-result h2 a')"
                           "?.textContent.startsWith('Hội nghị rà soát')")
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'hdnd'")
    page.wait_for_function(DONE)
    page.wait_for_function("() => document.querySelector('.search-result h2 a')"
                           "?.textContent.startsWith('Hội nghị rà soát') === false")
    assert results(page) == first
    assert page.input_value("#search-q") == "hdnd"


def test_empty_result_says_so_and_offers_to_drop_filters(page, site_url) -> None:
    assert search(page, site_url, "Lê Thảo", type="nhiệm kỳ") == []
    status = page.inner_text("#search-status")
    assert "Không tìm thấy kết quả nào" in status and "bỏ bớt bộ lọc" in status
    page.click("#search-status button")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 0")
    assert "type=" not in page.url


def test_keyboard_only_search_from_the_header(page, site_url) -> None:
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("quy hoach can bo")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=quy"))
    page.wait_for_function(DONE)
    page.focus("#search-q")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(SEED_URL)))


def test_exact_diacritics_rank_first(build_site, browser, tmp_path) -> None:
    from browser import serve

    content = tmp_path / "c"
    for n, name in enumerate(["Nguyễn Thị Hạ", "Nguyễn Thị Hà"], start=1):
        write_report(content, f"r{n}.md", f"Title: Làm việc với đồng chí {name}\nSlug: lam-viec-{n}\n"
                     f"Date: 2021-05-0{n} 09:00\nChair: {name} – Chủ tịch UBND phường\n\n"
                     f"Đồng chí {name} – Chủ tịch UBND phường chủ trì buổi làm việc.\n")
    built = build_site(content)
    page = browser.new_page()
    with serve(built.output) as url:
        for name in ["Nguyễn Thị Hà", "Nguyễn Thị Hạ"]:
            found = search(page, url, name)
            assert len(found) >= 2 and name in found[0]["title"], (name, found[:2])
    page.close()


# -- what a result shows, and on a phone (issue: search ranking and excerpts) --------

def test_a_record_result_shows_its_summary_sentence_not_field_labels(page, site_url) -> None:
    search(page, site_url, "nguyen tu khanh")
    first = page.locator(".search-result").first
    assert first.locator("h2 a").text_content() == "Nguyễn Tư Khánh"
    text = first.locator(".search-result__excerpt").text_content()
    assert "Phó Bí thư Thường trực Thành ủy (2015–2020)" in text and text.endswith("7 sự kiện")
    for label in ("Họ ", "Tên đệm", "Số sự kiện", "Nhiệm kỳ"):
        assert label not in text, text


def test_only_the_words_searched_for_are_marked(page, site_url) -> None:
    search(page, site_url, "tu")  # Pagefind also matches Tuyên, Tuấn … as prefixes
    marked = page.eval_on_selector_all(".search-result__excerpt mark",
                                       "marks => marks.map(m => m.textContent)")
    assert marked and {vntext.fold(word) for word in marked} == {"tu"}, marked


def test_indexed_text_keeps_words_apart(page, site_url) -> None:
    page.goto(site_url + "/404.html")
    contents = page.evaluate("""async () => {
        const texts = [];
        for (const shard of ["2019", "2020", "records"]) {
            const pf = await import(`/pagefind/${shard}/pagefind.js`);
            for (const q of ["nguyen tu khanh", "thanh pho"]) {
                const found = await pf.search(q);
                texts.push(...await Promise.all(found.results.map(async (r) => (await r.data()).content)));
            }
        }
        return texts;
    }""")
    assert contents
    glued = [word for text in contents for word in text.split()
             if any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))]
    assert glued == [], glued[:10]


def test_on_a_phone_the_filters_fold_and_the_first_result_is_in_the_first_screen(
        browser, site_url) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        search(phone, site_url, "nguyen tu khanh")
        toggle = phone.locator(".search-filters-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not phone.locator("#filter-type").is_visible()
        box = phone.locator(".search-result").first.bounding_box()
        assert box is not None and box["y"] + 40 <= 740, box  # its title shows
        toggle.click()
        assert phone.locator("#filter-type").is_visible()
        assert toggle.get_attribute("aria-expanded") == "true"
        phone.wait_for_selector("#search[data-filters=ready]")  # fetched when opened
    finally:
        context.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        search(wide, site_url, "nguyen tu khanh")
        assert wide.locator("#filter-type").is_visible()
        assert not wide.locator(".search-filters-toggle").is_visible()
    finally:
        wide.context.close()


def test_a_whole_word_beats_a_prefix(page, site_url) -> None:
    """"tu": Pagefind matches the last word as a prefix (Tuyên, Tuấn), and put
    "Trưởng Ban Tuyên giáo" first; a title holding the whole word comes first."""
    first = search(page, site_url, "tu")[0]
    assert "tu" in vntext.fold(first["title"]).split(), first


def test_an_abbreviation_finds_that_bodys_news_first(page, site_url) -> None:
    """"hdnd" ranked the term, post and official pages before the two HĐND
    session reports; the reports (and the meeting) now come first."""
    found = search(page, site_url, "hdnd")
    top = [(r["title"], r["type"]) for r in found[:3]]
    assert all(kind in ("bài viết", "sự kiện") and "HĐND" in title for title, kind in top), top


JUDGED = Path(__file__).parent / "search" / "judged-sample.yaml"
JUDGED_CORPUS = Path(__file__).parent / "search" / "judged-corpus.yaml"


def _judged() -> list[dict]:
    import yaml

    cases = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    return cases + [{"q": unicodedata.normalize("NFD", "Nguyễn Tư Khánh"),
                     "first": "Nguyễn Tư Khánh", "type": "cán bộ"}]


@pytest.mark.parametrize("case", _judged(), ids=lambda c: c["q"])
def test_the_judged_query_finds_the_expected_page_first(page, site_url, case) -> None:
    """tests/search/judged-sample.yaml: names (with and without marks, in NFD,
    partial), posts, terms, topics, abbreviations, a kind with a year, a date."""
    found = search(page, site_url, case["q"])
    assert found, case
    first = found[0]
    if case["type"] is None:  # any page whose title carries the word
        assert case["first"] in first["title"], (case, found[:3])
    else:
        assert (first["title"], first["type"]) == (case["first"], case["type"]), (case, found[:3])


# -- small and fast: lookup, lead, shards by months (issue: search at 100 000 reports) --

def test_the_lookup_file_lists_every_official_post_and_term_with_a_live_link(site: Site) -> None:
    data = json.loads((site.output / "tim-kiem" / "tra-cuu.json").read_text(encoding="utf-8"))
    entries = {(title, kind): (url, summary) for title, url, kind, _, summary, *_ in data["records"]}
    officials = {a.get_text() for a in site.main("/can-bo/").select("a[href^='/can-bo/']")}
    assert {title for title, kind in entries if kind == "cán bộ"} == officials - {""}
    assert ("Bí thư Thành ủy", "chức danh") in entries
    assert ("Nhiệm kỳ 2020–2025", "nhiệm kỳ") in entries
    for (title, kind), (url, summary) in entries.items():
        page = site.soup(url)  # the link resolves to a built page of that record
        assert page.find("h1").get_text().strip() == title, url
        assert summary and ":" not in summary.split(" ")[0], summary  # a sentence, no label
    # words come folded as the page compares them: "Nguyễn Tư Khánh" → "nguyen tu khanh"
    row = next(r for r in data["records"] if r[0] == "Nguyễn Tư Khánh")
    assert row[5] == "nguyen tu khanh" and {"pho", "bi", "thu"} <= set(row[6].split())


def test_a_name_is_answered_from_the_lookup_before_the_full_text_index(browser, site_url) -> None:
    """With every full-text index file held back, the official's page shows,
    first, from the lookup alone."""
    context = browser.new_context()
    page = context.new_page()
    held = []
    page.route("**/pagefind/*/**", lambda route: held.append(route))
    try:
        page.goto(f"{site_url}/tim-kiem/?q={quote('nguyen tu khanh')}")
        page.wait_for_selector(".search-result")
        first = results(page)[0]
        assert (first["title"], first["type"]) == ("Nguyễn Tư Khánh", "cán bộ")
        assert page.inner_text("#search-status").startswith("Đang tìm thêm")
        assert held  # the full text was asked for, and not yet given
    finally:
        for route in held:
            route.abort()
        context.close()


def test_behind_nginx_as_the_readme_sets_it_each_index_file_comes_once_gzipped(
        site: Site, page, tmp_path: Path) -> None:
    """The search page asks for a shard's entry, metadata and WebAssembly as
    soon as it has the manifest, and Pagefind then uses those answers (each
    file fetched once; the entry's URL carries the manifest's tag). Pagefind's
    own gzip files come with Content-Encoding: gzip, and search still works."""
    from deploy.s3 import PAGEFIND_GZIPPED
    from servers import nginx

    manifest = json.loads((site.output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    fetched: list[tuple[str, str | None]] = []
    page.on("response", lambda r: fetched.append((r.url, r.headers.get("content-encoding")))
            if "/pagefind/" in r.url else None)
    www = Path(tempfile.mkdtemp(prefix="portal-www-"))  # nginx's workers may read it
    www.chmod(0o755)
    shutil.copytree(site.output, www / "site")
    (www / "site").chmod(0o755)  # pytest made the output folder 0700
    with nginx(www / "site", tmp_path / "nginx", gzip=True) as base:
        page.goto(f"{base}/tim-kiem/?q={quote('quy hoach can bo')}")
        page.wait_for_function("document.getElementById('search-status')"
                               ".textContent.startsWith('Tìm thấy')")
        assert results(page)[0]["title"].startswith("Hội nghị rà soát, bổ sung quy hoạch cán bộ")
    shutil.rmtree(www)
    urls = [url for url, _ in fetched]
    assert len(urls) == len(set(urls)), urls
    assert f"{base}/pagefind/{manifest['script']}" in urls  # the one copy, preloaded
    first = next(s for s in manifest["shards"] if f"/pagefind/{s['path']}{s['wasm']}" in " ".join(urls))
    shard = f"{base}/pagefind/{first['path']}"
    assert f"{shard}pagefind-entry.json?ts={first['tag']}" in urls
    assert f"{shard}{first['meta']}" in urls
    assert len([url for url in urls if "/wasm." in url]) == 1  # merged shards use the first's
    gzipped = [(url, enc) for url, enc in fetched if re.search(r"\.pf_\w+$|\.pagefind$", url)]
    assert gzipped and all(enc == "gzip" for _, enc in gzipped), gzipped
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"location ~ {PAGEFIND_GZIPPED.pattern} {{" in readme  # the settings tested here


def test_a_report_indexes_its_lead_not_its_whole_body(content_copy: Path, build_site,
                                                      browser) -> None:
    from browser import serve

    lead = "Sáng nay, hội nghị bàn về xây cầu Ngòi Khuôn tại xã biên giới."
    filler = " ".join(["Các đại biểu thảo luận sôi nổi về kế hoạch của thành phố."] * 8)
    write_report(content_copy, "cau.md", "Title: Hội nghị bàn kế hoạch giao thông\n"
                 "Slug: ke-hoach-giao-thong\nDate: 2021-05-04 09:00\n\n"
                 f"{lead}\n\n{filler}\n\n{filler}\n\nCuối buổi, đại biểu thăm làng Phiêng Lằn.\n")
    for words, tail_found in ((60, False), (0, True)):
        built = build_site(content_copy, SEARCH_BODY_WORDS=words)
        shown = built.main("/tin-tuc/2021/05/ke-hoach-giao-thong/").get_text()
        assert "Phiêng Lằn" in shown  # the page shows the whole body either way
        page = browser.new_page()
        with serve(built.output) as url:
            assert [r["title"] for r in search(page, url, "ngoi khuon")][:1] == [
                "Hội nghị bàn kế hoạch giao thông"]
            tail = [r["title"] for r in search(page, url, "phieng lan")]
            assert ("Hội nghị bàn kế hoạch giao thông" in tail) is tail_found, (words, tail)
        page.close()


def test_a_year_of_many_pages_is_split_by_months_and_a_date_loads_its_shard(
        content: Path, build_site, browser) -> None:
    built = build_site(content, SEARCH_SHARD_PAGES=3, SEARCH_DEFAULT_PAGES=3)
    manifest = json.loads((built.output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    split = [s for s in manifest["shards"] if s["months"]]
    assert split, manifest
    for year in {s["year"] for s in split}:
        marked = {}  # month (of the page's date) → pages that opt in
        for root in ("tin-tuc", "su-kien"):
            for page in (built.output / root / str(year)).rglob("*.html"):
                html = page.read_text(encoding="utf-8")
                if "data-pagefind-body" in html:
                    month = int(re.search(r'data-pagefind-sort="date">\d{4}-(\d\d)', html)[1])
                    marked[month] = marked.get(month, 0) + 1
        shards = [s for s in manifest["shards"] if s["year"] == year]
        assert sorted(m for s in shards for m in s["months"]) == sorted(marked)  # each month once
        for shard in shards:
            assert shard["pages"] == sum(marked[m] for m in shard["months"]), shard
            verify(built.output / "pagefind" / shard["path"])
    page = browser.new_page()
    with serve_site(built) as url:
        found = search(page, url, "14/03/2019")  # 2019 is not among the newest shards
        assert (found[0]["title"], found[0]["type"]) == (SEED_TITLE, "bài viết"), found[:3]
        assert "Tìm trong tất cả các năm" in page.inner_text("#search-scope")
        search(page, url, "hoi nghi", sort="date", scope="all")
        page.click("#search-more")
        page.wait_for_function("document.querySelectorAll('.search-result').length > 10")
        hrefs = [r["href"] for r in results(page)]
        assert len(hrefs) == len(set(hrefs)) > 10  # a year of several shards is searched once
    page.close()


def serve_site(built: Site):
    from browser import serve

    return serve(built.output)


def _judged_corpus() -> list[dict]:
    import yaml

    cases = yaml.safe_load(JUDGED_CORPUS.read_text(encoding="utf-8"))
    return cases + [{"q": unicodedata.normalize("NFD", "Đặng Thanh Quang"),
                     "first": "Đặng Thanh Quang", "type": "cán bộ"}]


@pytest.fixture(scope="module")
def corpus_url(corpora):
    """The 300-report generated corpus (YAML headers) served on 127.0.0.1."""
    from browser import serve

    with serve(corpora["yaml"].output) as url:
        yield url


@pytest.mark.parametrize("case", _judged_corpus(), ids=lambda c: c["q"])
def test_the_judged_query_over_the_corpus_finds_the_expected_page_first(page, corpus_url,
                                                                        case) -> None:
    """tests/search/judged-corpus.yaml over the generated corpus."""
    found = search(page, corpus_url, case["q"])
    assert found, case
    first = found[0]
    if "first" in case:
        assert (first["title"], first["type"]) == (case["first"], case["type"]), (case, found[:3])
        return
    if case.get("type"):
        assert first["type"] == case["type"], (case, found[:3])
    assert case.get("contains", "") in first["title"], (case, found[:3])
    assert first["title"].startswith(case.get("starts", "")), (case, found[:3])
    if "year" in case:
        assert first["meta"].endswith(str(case["year"])), (case, found[:3])


def test_small_shards_are_indexed_together_and_big_ones_within_the_page_budget(
        tmp_path, monkeypatch) -> None:
    """Scheduling of the shards' Pagefind runs: up to 8 small shards at once
    (they mostly wait), full ones at most SEARCH_JOBS at once (memory)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from search import index as search_index

    site = tmp_path / "site"
    shards = []
    for year, pages in [(2001 + n, 10) for n in range(10)] + [(2020, 900), (2021, 900),
                                                              (2022, 900)]:
        folder = site / "tin-tuc" / str(year)
        folder.mkdir(parents=True)
        for n in range(pages):
            (folder / f"{n}.html").write_text("<p>x</p>")
        shards.append(search_index.Shard(str(year), f"tin-tuc/{year}/**/*.html", year))
    running: list[str] = []
    seen: list[list[str]] = []

    async def fake(site_: Path, shard, target: Path, names: list[str]) -> int:
        running.append(shard.id)
        seen.append(list(running))
        await asyncio.sleep(0.05)
        running.remove(shard.id)
        return 1

    def run(some: list) -> None:  # in a thread of its own, as build_index does (the
        # browser tests' Playwright keeps an event loop running in this one)
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, search_index._build_all(
                site, some, tmp_path / "stage", 2, 1000)).result()

    monkeypatch.setattr(search_index, "_index_shard", fake)
    run(shards[:10])
    assert max(map(len, seen)) == search_index.MAX_PROCESSES
    seen.clear()
    run(shards[10:])
    assert max(map(len, seen)) == 2  # 900 + 900 pages fit a budget of 2 × 1000, not three

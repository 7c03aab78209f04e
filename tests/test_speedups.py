"""Pelican's quadratic filters replaced by set lookups give the same lists."""

from __future__ import annotations

import pytest

import copy
import os

from pelican import Pelican

from conftest import ROOT, generate_corpus
from building import pelican_patches as speedups
from building.pelican_patches import (ORIGINALS, Members, build_period_archives, process_translations)
from building.sitebuild import load_settings


def _articles(tmp_path) -> tuple[list, dict, object]:
    content = generate_corpus(120, tmp_path / "bai-viet", "pelican")
    settings = load_settings(ROOT / "pelicanconf.py", content, tmp_path / "out",
                             SEARCH_INDEX=False, CACHE_PATH=str(tmp_path / "cache"))
    pelican = Pelican(settings)
    context = {**pelican.settings, "generated_content": {}, "static_links": set(),
               "static_content": {}, "localsiteurl": ""}
    generator = next(cls for cls in pelican._get_generator_classes()
                     if cls.__name__ == "ArticlesGenerator")(
        context=context, settings=pelican.settings, path=pelican.path, theme=pelican.theme,
        output_path=pelican.output_path)
    generator.generate_context()
    return generator.articles, pelican.settings, generator


def test_same_originals_translations_and_archives(tmp_path) -> None:
    articles, settings, generator = _articles(tmp_path)
    translated = copy.copy(articles[3])
    translated.lang, translated.in_default_lang = "en", False
    items = [*articles, translated]

    ours = process_translations(list(items), "slug")
    theirs = ORIGINALS["process_translations"](list(items), "slug")
    assert [[id(x) for x in part] for part in ours] == [[id(x) for x in part] for part in theirs]
    assert [id(x) for x in ours[1]] == [id(translated)]

    dated = sorted(articles, key=lambda a: a.date, reverse=True)
    mine = build_period_archives(generator, dated, articles, settings)
    pelican = ORIGINALS["build_period_archives"](generator, dated, articles, settings)
    assert set(mine) == set(pelican) and mine["month"]

    def plain(archive: dict) -> dict:
        return {k: [id(a) for a in v] if k in ("dates", "articles") else v
                for k, v in archive.items()}

    for granularity in pelican:
        assert [plain(a) for a in mine[granularity]] == [plain(a) for a in pelican[granularity]]


def test_members_answer_in_by_identity() -> None:
    a, b = object(), object()
    members = Members([a])
    assert a in members and b not in members and list(members) == [a]


def test_remembered_slugify_equals_pelicans() -> None:
    from pelican.settings import DEFAULT_CONFIG

    subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    names = ["Đại hội Đảng bộ", "Nguyễn Thị Hà", "Nguyễn Thị Hạ", "Tin tức - Sự kiện",
             "C++ & Python", "  khoảng   trắng ", "Ủy ban"]
    for name in names:
        for preserve_case in (False, True):
            for use_unicode in (False, True):
                expected = ORIGINALS["slugify"](name, subs, preserve_case, use_unicode)
                assert speedups.slugify(name, subs, preserve_case, use_unicode) == expected
                # twice: the second answer comes from the memo
                assert speedups.slugify(name, list(subs), preserve_case, use_unicode) == expected
    assert speedups.slugify("Đảng bộ", [["bộ", "bo"]]) == ORIGINALS["slugify"]("Đảng bộ", [("bộ", "bo")])


def test_safe_strftime_equals_pelicans() -> None:
    from zoneinfo import ZoneInfo

    from pelican.utils import SafeDatetime

    dates = [SafeDatetime(2019, 3, 4, 5, 6, 7, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
             SafeDatetime(2024, 12, 31, 23, 59), SafeDatetime(5, 1, 1)]
    formats = ["%d/%m/%Y %H:%M", "%-d/%-m/%Y", "ngày %d tháng %m năm %Y", "%A, %d %B %Y %Z %z",
               "%Y%m%dT%H%M%S", "100%% %Y", "%Y%", "%Q %Y", "", "%-", "%j %U %G-W%V-%u"]
    for date in dates:
        for fmt in formats:
            for safe in (True, False):
                try:
                    expected = ORIGINALS["strftime"](date, fmt, safe)
                except (TypeError, ValueError) as error:
                    expected = type(error)
                try:
                    ours = speedups.safe_strftime(date, fmt, safe)
                except (TypeError, ValueError) as error:
                    ours = type(error)
                assert ours == expected, (date, fmt, safe)


def test_relative_source_path_equals_pelicans(tmp_path) -> None:
    from types import SimpleNamespace

    root = tmp_path / "content"
    (root / "a").mkdir(parents=True)
    cases = [str(root / "a" / "bài.md"), str(root / "x.md"), str(root / "a" / ".." / "x.md"),
             str(root) + "/a//b.md", "a/b.md",
             "./a/b.md", str(tmp_path / "other" / "y.md"), str(root), str(root) + "/",
             str(root / "a") + "/./c.md"]
    for base in (str(root), str(root) + "/", os.path.relpath(root)):
        for path in cases:
            item = SimpleNamespace(settings={"PATH": base}, source_path=path)
            expected = ORIGINALS["relative_source_path"](item)
            assert speedups.relative_source_path(item) == expected, (base, path)


def test_patches_are_guarded_by_the_pelican_series(monkeypatch, caplog) -> None:
    """On a Pelican of another series the speed-ups are left out (with one
    line saying so) and the content-class patch refuses to run."""
    import pelican
    from pelican import generators

    import settingstable

    assert pelican.__version__.startswith(f"{speedups.SERIES}.")
    monkeypatch.setattr(pelican, "__version__", "4.13.0")
    monkeypatch.setattr(generators, "process_translations", ORIGINALS["process_translations"])
    speedups.install()
    assert generators.process_translations is ORIGINALS["process_translations"]
    assert any("4.13.0" in r.getMessage() and speedups.SERIES in r.getMessage()
               for r in caplog.records)
    with pytest.raises(settingstable.SettingsError, match="pelican~=4.12.0"):
        speedups.freeze([], str)


def test_taxonomy_pages_get_the_lists_pelican_gives(tmp_path) -> None:
    """Tag, category and author pages: the same ``write`` calls as Pelican's
    (each page's dated list filtered from its own articles, not the site's)."""
    _, _, generator = _articles(tmp_path)
    generator.dates.reverse()  # an order of their own: the dated lists must follow it
    speedups.speed_up(generator)

    def calls(method) -> list:
        made = []
        method(generator, lambda *args, **kwargs: made.append((args, kwargs)))
        return [(args[0], args[1].name, {k: [id(a) for a in v] if isinstance(v, list) else v
                                         for k, v in kwargs.items()}) for args, kwargs in made]

    for name in ("generate_tags", "generate_categories", "generate_authors"):
        ours = calls(getattr(speedups, name))
        assert ours == calls(ORIGINALS[name]), name
        assert ours and any(len(c[2]["dates"]) > 1 for c in ours)
        assert any(len(c[2]["dates"]) < len(generator.dates) for c in ours)


def test_dated_keeps_the_dated_order_once_each() -> None:
    a, b, c, d = (object() for _ in range(4))
    dates = [c, a, d]
    order = {id(x): i for i, x in enumerate(dates)}
    assert speedups.dated(order, dates, [a, b, c, a]) == [c, a]
    assert speedups.dated(order, dates, []) == []


def test_one_listing_of_the_output_gives_what_each_walk_gave(tmp_path) -> None:
    """The search index and the sitemap read one listing of the output: the
    same names, in the same order, as walking each folder."""
    import os

    import outputfiles
    import sitemap
    from search.index import _matching

    for name in ("a/2021/01/x/index.html", "a/2021/b.html", "a/2021/notes.txt", "a/2022/c.html",
                 "ab/2021/d.html", ".hidden/e.html", "a/.cache/f.html", "pagefind/g.html",
                 "ban-nhap/h.html", "index.html", "404.html", "a/2021/02/y/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    outputfiles.forget(tmp_path)
    for folder in ("a/2021", "a", "ab", "a/2023", ".hidden"):
        walked = [os.path.relpath(os.path.join(root, n), tmp_path).replace(os.sep, "/")
                  for root, _, names in os.walk(tmp_path / folder) for n in names
                  if n.endswith(".html")]
        assert _matching(tmp_path, f"{folder}/**/*.html") == walked, folder
    assert _matching(tmp_path, "../**/*.html") == []
    listed = outputfiles.listing(tmp_path)
    assert sorted(listed) == sorted(outputfiles.walk(tmp_path))
    urls = sitemap.page_urls(tmp_path, "", skip={"ban-nhap"}, files=listed)
    assert urls == sitemap.page_urls(tmp_path, "", skip={"ban-nhap"})
    assert sorted(urls) == ["/", "/a/2021/01/x/", "/a/2021/02/y/", "/a/2021/b.html",
                            "/a/2022/c.html", "/ab/2021/d.html"]
    (tmp_path / "a/2021/z.html").write_text("x")  # written after the listing: not in it
    assert "a/2021/z.html" not in _matching(tmp_path, "a/2021/**/*.html")
    outputfiles.forget(tmp_path)
    assert "a/2021/z.html" in _matching(tmp_path, "a/2021/**/*.html")


def test_cache_stamps_are_skipped_only_where_they_cannot_matter(tmp_path) -> None:
    """With caching off and nothing loaded, Pelican's cacher answers the
    default and keeps nothing: ours does the same without stat'ing the file;
    with a cache, both keep and answer the same, and a changed file misses."""
    from pelican.cache import FileStampDataCacher

    report = tmp_path / "a.md"
    report.write_text("x", encoding="utf-8")
    missing = str(tmp_path / "gone.md")
    for caching, loading in ((False, False), (True, False), (True, True), (False, True)):
        settings = {"CACHE_PATH": str(tmp_path / "cache"), "GZIP_CACHE": False,
                    "CHECK_MODIFIED_METHOD": "mtime"}
        theirs, ours = (FileStampDataCacher(settings, "c", caching, loading) for _ in range(2))
        for path in (str(report), missing):
            ORIGINALS["cache_data"](theirs, path, "data")
            speedups.cache_data(ours, path, "data")
            assert theirs._cache.keys() == ours._cache.keys()
            for get in (ORIGINALS["get_cached_data"], speedups.get_cached_data):
                assert get(theirs, path, "none") == get(ours, path, "none")
        if caching:
            assert speedups.get_cached_data(ours, str(report), "none") == "data"
            os.utime(report, (1, 1))
            assert speedups.get_cached_data(ours, str(report), "none") == "none"
            assert ORIGINALS["get_cached_data"](theirs, str(report), "none") == "none"
            report.write_text("x", encoding="utf-8")
    settings = {"CACHE_PATH": str(tmp_path / "none"), "GZIP_CACHE": False,
                "CHECK_MODIFIED_METHOD": "mtime"}
    off = FileStampDataCacher(settings, "c", False, False)
    report.unlink()  # our versions never look at the file when nothing is cached
    speedups.cache_data(off, str(report), "data")
    assert speedups.get_cached_data(off, str(report), "none") == "none"

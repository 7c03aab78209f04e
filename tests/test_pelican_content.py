"""Pelican's own sample content (vendored in tests/vendor/pelican-samples)
through the portal: reStructuredText and Markdown, ``|filename|`` and
``|static|`` links, translations, a site's own robots.txt, hidden pages and
drafts. 0 errors, and every file plain Pelican writes, plus the portal's own.
reStructuredText reports get the same checks as Markdown ones."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Site, build, write_report
from records.validate import ContentProblems

SAMPLES = Path(__file__).parent / "vendor" / "pelican-samples" / "content"
BROKEN = "|filename|/images/Fat_Cat.jpg"  # broken on purpose in Pelican's samples
#: the content settings of samples/pelican.conf.py; the site declares its two extra keys
SAMPLE_SETTINGS: dict[str, Any] = {
    "STATIC_PATHS": ["images", "pictures", "extra/robots.txt"],
    "EXTRA_PATH_METADATA": {"extra/robots.txt": {"path": "robots.txt"}},
    "TEMPLATE_PAGES": {"pages/jinja2_template.html": "jinja2_template.html"},
    "DEFAULT_METADATA": {"yeah": "it is"},
    "DEFAULT_DATE": (2012, 3, 2, 14, 1, 1),
    "RECORDS_EXTRA_KEYS": {"license": "giấy phép của bài", "yeah": "ghi chú thử"},
}


PLAIN = """import json, sys
from pelican import Pelican
from pelican.settings import read_settings
override = json.loads(sys.argv[2])
override["DEFAULT_DATE"] = tuple(override["DEFAULT_DATE"])
Pelican(read_settings(sys.argv[1], override=override)).run()
"""


def _samples(folder: Path, fixed: bool = True) -> Path:
    """A copy of the samples; ``fixed``: the one broken link points at pictures/."""
    content = folder / "content"
    shutil.copytree(SAMPLES, content)
    if fixed:
        page = content / "pages" / "test_page.rst"
        page.write_text(page.read_text(encoding="utf-8").replace(
            BROKEN, "|filename|/pictures/Fat_Cat.jpg"), encoding="utf-8")
    return content


def _files(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    """The samples built through the portal, and the same built by plain Pelican
    (the portal's URL settings, no plugin, Pelican's own theme and readers)."""
    folder = tmp_path_factory.mktemp("samples")
    content = _samples(folder)
    portal = build(content, folder / "portal", **SAMPLE_SETTINGS)
    plain = {**SAMPLE_SETTINGS, "PATH": str(content), "OUTPUT_PATH": str(folder / "plain"),
             "PLUGINS": [], "THEME": "notmyidea", "JINJA_FILTERS": {},
             "DIRECT_TEMPLATES": ["index", "categories", "tags", "authors", "archives"],
             "READERS": {"html": None}, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    # in a process of its own: the portal's plugins stay connected in this one
    subprocess.run([sys.executable, "-c", PLAIN, str(ROOT / "pelicanconf.py"),
                    json.dumps(plain)], check=True, capture_output=True, cwd=folder)
    return portal, folder / "plain"


def test_the_samples_build_with_no_error_and_every_file_plain_pelican_writes(samples) -> None:
    portal, plain = samples
    assert portal.errors == []
    assert not [r.getMessage() for r in portal.log if "docutils" in r.getMessage().lower()]
    # the portal's slugs are a-z, 0-9 and '-': Pelican's filename_metadata-example
    # is filename-metadata-example here; its theme's own files are not content
    expected = {re.sub(r"_(?=[^/]*/index\.html$)", "-", name) if name.endswith("index.html")
                else name for name in _files(plain) if not name.startswith("theme/")}
    expected = {name.replace("filename_metadata", "filename-metadata") for name in expected}
    written = _files(portal.output)
    assert expected - written == set()
    for own in ("du-lieu/popolo.json", "sitemap.xml", "tim-kiem/index.html", "su-kien/lich.ics",
                "feeds/all-fr.atom.xml"):
        assert own in written


def test_filename_and_static_links_of_both_syntaxes_resolve(samples) -> None:
    portal, _ = samples
    unbelievable = portal.soup("/tin-tuc/2010/10/unbelievable/")
    hrefs = [a["href"] for a in unbelievable.select(".article__body a[href]")]
    assert hrefs.count("/tin-tuc/2011/04/a-markdown-powered-article/") == 2  # |filename|, rst
    markdown = portal.soup("/tin-tuc/2011/04/a-markdown-powered-article/")
    assert [a["href"] for a in markdown.select(".article__body a[href]")] == [
        "/tin-tuc/2010/10/unbelievable/"] * 2  # |filename| in Markdown, root- and file-relative
    images = [img["src"] for img in portal.soup(
        "/tin-tuc/2010/12/this-is-a-super-article/").select(".article__body img")]
    assert images == ["/pictures/Sushi.jpg", "/pictures/Sushi_Macro.jpg"]  # |static|
    page = [img["src"] for img in portal.soup("/thong-tin/this-is-a-test-page/").select(
        ".page__body img")]
    assert page == ["/pictures/Fat_Cat.jpg"] * 2  # {static} and |filename|
    for src in images + page:
        assert portal.file(src).is_file()


def test_rst_metadata_is_read_and_checked(samples) -> None:
    portal, _ = samples
    soup = portal.soup("/tin-tuc/2010/12/this-is-a-super-article/")
    assert soup.find("h1").get_text() == "This is a super article !"
    assert "2010-12-02T10:14" in soup.find("time")["datetime"]
    assert [a.get_text() for a in soup.select(".tags a")] == ["foo", "bar", "foobar"]
    summary = soup.find("meta", attrs={"name": "description"})["content"]
    assert summary.startswith("Multi-line metadata should be supported as well as inline markup")
    code = portal.soup("/tin-tuc/2010/10/unbelievable/").select(".highlight, .highlighttable")
    assert code  # Pelican's sourcecode directive, rendered by Pygments
    assert portal.file("/override/").is_file()  # :url: and :save_as:, checked paths
    assert portal.file("/ban-nhap/a-draft-article-without-date/").is_file()
    assert portal.file("/tin-tuc/2012/11/filename-metadata-example/").is_file()  # date in name


def test_translations_are_marked_linked_and_have_feeds(samples) -> None:
    portal, _ = samples
    fr, en = "/fr/tin-tuc/2012/02/second-article/", "/en/tin-tuc/2012/02/second-article/"
    for url, lang, other, other_lang in ((fr, "fr", en, "en"), (en, "en", fr, "fr")):
        soup = portal.soup(url)
        assert soup.html["lang"] == "vi"  # the portal's own words around the article
        assert soup.find("h1")["lang"] == lang and soup.select_one(".article__body")["lang"] == lang
        alternates = {link["hreflang"]: link["href"] for link in soup.select(
            'head link[rel="alternate"][hreflang]')}
        assert alternates == {lang: url, other_lang: other}
        shown = soup.select_one("nav.translations a")
        assert shown["href"] == other and shown["hreflang"] == other_lang
        assert shown.get_text() == {"en": "English", "fr": "Français"}[other_lang]
    feed = portal.file("/feeds/all-fr.atom.xml").read_text(encoding="utf-8")
    assert 'xml:lang="fr"' in feed and "Deuxième article" in feed and "Français" in feed
    assert "Deuxième article" not in portal.file("/feeds/all-en.atom.xml").read_text(
        encoding="utf-8")


def test_the_sites_robots_txt_is_kept_and_hidden_things_stay_out_of_the_sitemap(samples
                                                                                ) -> None:
    portal, _ = samples
    assert portal.file("/robots.txt").read_bytes() == (SAMPLES / "extra" / "robots.txt"
                                                       ).read_bytes()
    sitemap = portal.file("/sitemap.xml").read_text(encoding="utf-8")
    assert "this-is-a-test-page" in sitemap
    for unlisted in ("this-is-a-test-hidden-page", "ban-nhap", "a-draft-article"):
        assert unlisted not in sitemap


def test_the_samples_deliberately_broken_link_is_refused_at_its_line(tmp_path: Path) -> None:
    content = _samples(tmp_path, fixed=False)
    with pytest.raises(ContentProblems) as stopped:
        build(content, tmp_path / "out", **SAMPLE_SETTINGS)
    problems = [str(problem) for problem in stopped.value.problems]
    assert len(problems) == 1
    assert re.search(r"pages/test_page\.rst:13: .*\|filename\|/images/Fat_Cat\.jpg", problems[0])


RST = """Họp giao ban
############

:date: 14/03/2019 08:00
:tags: giao ban
{field}

Nội dung.

{body}
"""


@pytest.mark.parametrize("field, body, line, said", [
    (":_content: <script>alert(1)</script>", "", 6, "thuộc tính nội bộ"),
    (":url: javascript:alert(1)", "", 6, "'url'"),
    (":atendees: Nguyễn Văn A", "", 6, "có phải 'attendees'"),
    (":date: 05/03/2019x", "", 4, "không đọc được ngày"),
    ("", ".. raw:: html\n\n   <script>alert(1)</script>", 10, "raw"),
    ("", ".. include:: /etc/passwd", 10, "include"),
    ("", ".. khong-co-chi-thi::", 10, "cú pháp reStructuredText"),
])
def test_an_rst_report_is_held_to_the_header_schema(build_site, tmp_path: Path, field: str,
                                                     body: str, line: int, said: str) -> None:
    content = tmp_path / "content"
    write_report(content, "2019/giao-ban.rst", RST.format(field=field, body=body))
    with pytest.raises(ContentProblems) as stopped:
        build_site(content)
    problems = [str(problem) for problem in stopped.value.problems]
    assert len(problems) == 1, problems
    assert f"giao-ban.rst:{line}: " in problems[0], problems
    assert said in problems[0]


def test_an_rst_report_is_sanitised_and_read_day_first(build_site, tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "2019/giao-ban.rst", RST.format(
        field=":chair: Nguyễn Văn An – Chủ tịch UBND thành phố",
        body="`Bấm <javascript:alert(1)>`_ và <b onclick=x>đậm</b>"))
    site = build_site(content)
    assert site.errors == []
    page = site.soup("/tin-tuc/2019/03/hop-giao-ban/")
    assert "2019-03-14T08:00" in page.find("time")["datetime"]  # 14/03, not 3 December
    body = page.select_one(".article__body")
    link = body.find("a", string="Bấm")
    assert link is not None and not link.get("href")  # the javascript: address is gone
    assert body.find("b") is None and not body.select("[onclick]")  # HTML shown as text
    assert "<b onclick=x>đậm</b>" in body.get_text()
    assert site.file("/can-bo/nguyen-van-an/").is_file()  # the chair is an official


def test_every_page_built_from_the_samples_is_valid_html(samples) -> None:
    """rst bodies (docutils' HTML, Pygments' tables), translations and
    Pelican's template page pass the Nu HTML Checker too."""
    from test_validators import nu_messages  # noqa: PLC0415

    portal, _ = samples
    assert nu_messages(portal.output) == []

"""The standards' own validators, installed from npm by tests/bootstrap.py
(tests/validators): the Nu HTML Checker (vnu.jar, run with Debian's Java) on
every page of the sample and of the 300-report corpus, and axe-core in
Chromium on every page type, on a desktop and on a phone: no error, no
warning, no violation of any impact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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

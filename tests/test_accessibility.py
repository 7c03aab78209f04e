"""axe-core (installed from npm by tests/bootstrap.py) in Chromium: every page
type of the sample site, on a desktop and on a phone, has no violation of any
impact."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED_URL, Site

AXE = Path(__file__).parent / "validators" / "node_modules" / "axe-core" / "axe.min.js"


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

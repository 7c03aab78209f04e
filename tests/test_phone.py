"""The portal on a phone (360×740) and on a desktop (1280), in Chromium: the
article's text starts in the first screen, the meeting box is collapsible
(closed on phones, open beside the text on desktops), tables keep their
column labels, calendars fit with all twelve months, chart text is 12–16 px
at every width and no bar is thinner than 6 px."""

from __future__ import annotations

import pytest

from conftest import SEED_URL

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
CHART_PAGES = ["/can-bo/nguyen-tu-khanh/", "/nhiem-ky/2020-2025/", "/su-kien/"]

#: the size a chart's text is drawn at on screen: its font size times the scale
#: of the drawing it sits in
TEXT_SIZES = """() => [...document.querySelectorAll('figure.picture svg text')].map(t => {
    const scale = t.getScreenCTM().a;
    return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale];
})"""


def test_the_article_text_starts_in_the_first_screen_of_a_phone(page, site_url) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + "/" + SEED_URL)
    first = page.locator(".article__body p").first.bounding_box()
    assert first["y"] < PHONE["height"] - 40  # a line of it at least
    assert not page.locator(".article__aside").is_visible()  # the desktop's side column
    meeting = page.locator("details.meeting")
    assert meeting.is_visible() and meeting.evaluate("d => d.open") is False
    assert meeting.bounding_box()["y"] < first["y"]  # above the text, one line
    meeting.locator("summary").click()  # collapsible: opens on a tap
    assert meeting.evaluate("d => d.open") is True
    assert page.locator("details.meeting dt").first.is_visible()


def test_on_a_desktop_the_meeting_facts_are_open_beside_the_text(page, site_url) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "/" + SEED_URL)
    assert not page.locator("details.meeting").is_visible()  # the phone's collapsed copy
    assert page.locator(".article__aside dt").first.is_visible()
    text, aside = (page.locator(sel).bounding_box() for sel in (".article__body",
                                                                   ".article__aside"))
    assert aside["x"] >= text["x"] + text["width"]  # a side column, right of the text
    assert text["width"] >= 600


@pytest.mark.parametrize("url", ["/su-kien/", "/nhiem-ky/", "/can-bo/nguyen-tu-khanh/"])
def test_tables_keep_their_column_labels_on_a_phone(page, site_url, url) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + url)
    cells = page.evaluate("""() => [...document.querySelectorAll('table.data')].flatMap(table => {
        const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
        return [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.children].map(
            (td, i) => [heads[i], getComputedStyle(td, '::before').content]));
    })""")
    assert cells
    for head, shown in cells:
        assert shown == f'"{head}"'


@pytest.mark.parametrize("url", ["/su-kien/", "/nhiem-ky/2020-2025/"])
def test_calendars_fit_a_phone_with_every_month(page, site_url, url) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + url)
    calendars = page.evaluate("""() => [
        ...document.querySelectorAll('figure.picture--calendar svg')].map(s => [s.getBoundingClientRect().right,
                   [...s.querySelectorAll('text')].filter(t => {
                       const box = t.getBoundingClientRect();
                       return box.left >= 0 && box.right <= innerWidth;
                   }).map(t => t.textContent)])""")
    assert calendars
    for right, months in calendars:
        assert right <= PHONE["width"]
        assert months == [f"Tháng {n}" for n in range(1, 13)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("url", CHART_PAGES)
def test_chart_text_is_12_to_16_px_and_bars_are_visible(page, site_url, url, viewport) -> None:
    page.set_viewport_size(viewport)
    page.goto(site_url + url)
    sizes = page.evaluate(TEXT_SIZES)
    assert sizes
    assert [(text, round(px, 1)) for text, px in sizes if not 12 <= px <= 16] == []
    bars = page.evaluate("""() => [...document.querySelectorAll('svg rect.picture__bar')]
        .map(r => r.getBoundingClientRect().width)""")
    assert all(width >= 6 for width in bars), bars

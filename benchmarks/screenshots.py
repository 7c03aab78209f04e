"""The README's screenshots, from a real build: home, article, official, event
and search pages, on a desktop (1280×800) and a phone (360×740).

Builds the sample site as a public site, serves it with Debian's nginx,
and photographs each page with Debian's chromium through Playwright (the
search page after a query). Writes theme/screenshots/<page>-<width>.jpg.

    .venv/bin/python benchmarks/screenshots.py [--content DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "plugins"), str(ROOT / "benchmarks")]

from lighthouse_scores import SAMPLE, build, pages  # noqa: E402
from servers import nginx  # noqa: E402

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
NAMES = {"trang chủ": "home", "bài viết": "article", "cán bộ": "official",
         "sự kiện": "event", "tìm kiếm": "search"}
QUERY = "quy hoạch cán bộ"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, default=SAMPLE)
    parser.add_argument("--out", type=Path, default=ROOT / "theme" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        work = Path(tmp)
        work.chmod(0o755)  # mkdtemp makes it 0700: nginx's workers could not read it
        (work / "site").mkdir()
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        with nginx(work / "site", work / "nginx", gzip=True) as siteurl:
            build(args.content.resolve(), work / "site", siteurl)
            for label, path in pages(work / "site").items():
                for size, viewport in SIZES.items():
                    page = browser.new_page(viewport=viewport, device_scale_factor=1)
                    if NAMES[label] == "search":
                        page.goto(f"{siteurl}{path}?q={QUERY}")
                        page.wait_for_selector("#search-results li", timeout=20_000)
                    else:
                        page.goto(siteurl + path)
                    page.wait_for_load_state("networkidle")
                    target = args.out / f"{NAMES[label]}-{size}.jpg"
                    page.screenshot(path=str(target), type="jpeg", quality=72)
                    page.close()
                    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        browser.close()


if __name__ == "__main__":
    main()

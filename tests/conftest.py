"""Fixtures: build real sites into temporary folders and read them back."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[1]
#: the tests' own sample site (a copy of the sample content shipped in content/):
#: tests never read content/, which is the city's to replace
SAMPLE = Path(__file__).parent / "sites" / "sample"
GEN_CORPUS = Path(__file__).parent / "corpus" / "gen_corpus.py"
SEED_URL = ("tin-tuc/2019/03/hoi-nghi-ra-soat-bo-sung-quy-hoach-can-bo-lanh-dao-quan-ly"
            "-nhiem-ky-2015-2020-2020-2025/")


@dataclass
class Site:
    """A built site: its output folder, settings and what Pelican logged."""

    output: Path
    settings: dict[str, Any]
    log: list[logging.LogRecord] = field(default_factory=list)

    def file(self, url: str) -> Path:
        """The file serving ``url`` ('/can-bo/x/' → can-bo/x/index.html)."""
        path = self.output / url.split("#")[0].split("?")[0].lstrip("/")
        return path / "index.html" if url.endswith("/") or path.is_dir() else path

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.file(url).read_text(encoding="utf-8"), "html.parser")

    def main(self, url: str) -> BeautifulSoup:
        """The <main> element of a page."""
        main = self.soup(url).find("main")
        assert main is not None, url
        return main

    def html_pages(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    @property
    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.log if r.levelno >= logging.ERROR]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build(content: Path, output: Path, settings_file: str = "pelicanconf.py",
          **overrides: Any) -> Site:
    """Build ``content`` with the project's settings into ``output``."""
    settings = read_settings(str(ROOT / settings_file), override={
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        **overrides,
    })
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        Pelican(settings).run()
    finally:
        root.removeHandler(handler)
    return Site(output, settings, handler.records)


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., Site]:
    """Factory: ``build_site(content_dir, **settings)`` → a built :class:`Site`."""
    count = 0

    def factory(content: Path = SAMPLE, **overrides: Any) -> Site:
        nonlocal count
        count += 1
        return build(content, tmp_path / f"output{count}", **overrides)

    return factory


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample site built once with the preview settings."""
    built = build(SAMPLE, tmp_path_factory.mktemp("site"))
    assert not built.errors, built.errors
    return built


def write_report(folder: Path, name: str, text: str) -> Path:
    """Write a report file (UTF-8) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def generate_corpus(count: int, folder: Path, fmt: str) -> Path:
    """Run the shared corpus generator: ``count`` reports in ``fmt`` style."""
    subprocess.run([sys.executable, str(GEN_CORPUS), str(count), str(folder),
                    "--format", fmt], check=True)
    return folder


@pytest.fixture(scope="session")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    """The 300-report generated corpus in both header styles, built."""
    sites = {}
    for fmt in ("pelican", "yaml"):
        content = generate_corpus(300, tmp_path_factory.mktemp(f"corpus-{fmt}"), fmt)
        sites[fmt] = build(content, tmp_path_factory.mktemp(f"site-{fmt}"))
        assert not sites[fmt].errors, sites[fmt].errors
    return sites


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the sample site plus 40 generated reports."""
    folder = tmp_path / "bai-viet"
    shutil.copytree(SAMPLE, folder)
    generate_corpus(40, folder / "bao-cao", "pelican")
    return folder


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample site to add or break reports in."""
    target = tmp_path / "bai-viet"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(site: Site):
    """The sample site served on 127.0.0.1."""
    from browser import serve

    with serve(site.output) as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh page; the test fails on any console error or page error."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    context.close()
    assert problems == [], problems

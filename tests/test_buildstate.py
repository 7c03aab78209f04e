"""Local builds: atomic for a reader, nothing written into the live output,
and build state that can never make a build fail (issue: real failures)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, write_report
from building.sitebuild import build, load_settings


def _settings(content: Path, output: Path, cache: Path, **extra):
    return load_settings(ROOT / "pelicanconf.py", content, output, CACHE_PATH=str(cache),
                         **extra)


def _pages(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts}


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    return content, tmp_path / "output", tmp_path / "cache"


def test_a_reader_never_finds_the_home_page_missing_or_partial(site) -> None:
    content, output, cache = site
    settings = _settings(content, output, cache, SEARCH_INDEX=False)
    build(settings)
    report = content / "2021" / "hoi-nghi-so-ket-chuyen-doi-so.md"
    original = report.read_text(encoding="utf-8")
    problems: list[str] = []
    reads = 0
    stop = threading.Event()

    def read() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                text = (output / "index.html").read_text(encoding="utf-8")
            except OSError as error:
                problems.append(f"missing: {error}")
                continue
            reads += 1
            if not text.rstrip().endswith("</html>"):
                problems.append(f"partial: {len(text)} characters")

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(20):  # each build changes the home page
            report.write_text(original.replace("Hội nghị sơ kết 6 tháng",
                                               f"Hội nghị sơ kết lần {number}", 1),
                              encoding="utf-8")
            build(settings)
    finally:
        stop.set()
        reader.join()
    assert problems == [] and reads > 100
    assert "Hội nghị sơ kết lần 19" in (output / "index.html").read_text(encoding="utf-8")


def test_the_live_output_is_never_written_in_place(site) -> None:
    content, output, cache = site
    settings = _settings(content, output, cache, SEARCH_INDEX=False)
    build(settings)
    inodes = {p: p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    before = {p: p.read_bytes() for p in inodes}
    (content / "2021" / "hoi-nghi-so-ket-chuyen-doi-so.md").unlink()  # the site changes
    kept = output.with_name("output-before")
    os.link(output / "sitemap.xml", kept)  # a hard link, as the build's own copy makes
    build(settings)
    assert kept.read_bytes() == before[output / "sitemap.xml"]
    # files of the old tree that someone still holds never changed under them
    assert "chuyen-doi-so" in kept.read_text(encoding="utf-8")
    assert "chuyen-doi-so" not in (output / "sitemap.xml").read_text(encoding="utf-8")


def test_a_killed_build_leaves_nothing_the_next_build_keeps(site) -> None:
    content, output, cache = site
    command = [sys.executable, "-m", "building.sitebuild", "build", "--settings",
               str(ROOT / "pelicanconf.py"), "--content", str(content), "--output", str(output)]
    subprocess.run(command, check=True, capture_output=True, cwd=output.parent)
    for _ in range(2):  # killed while writing its folder, twice
        killed = subprocess.Popen(command, cwd=output.parent, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while not list(output.parent.glob(".output-build-*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    assert list(output.parent.glob(".output-build-*"))
    done = subprocess.run(command, capture_output=True, text=True, cwd=output.parent)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 20
    while list(output.parent.glob(".output-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(output.parent.glob(".output-*")) == []
    assert (output / "index.html").is_file()


def _state_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("portal-*.json")) + sorted(cache.glob("portal-*.pickle"))


def test_no_build_state_makes_a_build_fail(site, tmp_path, caplog) -> None:
    """Deleted reports, rebuild, clean, a moved output, damaged or older state:
    each build succeeds and gives what a build from nothing gives."""
    content, output, cache = site
    settings = _settings(content, output, cache)
    build(settings)

    def cold() -> dict[str, bytes]:
        fresh = tmp_path / f"cold-{time.monotonic_ns()}"
        build(_settings(content, fresh / "output", fresh / "cache"))
        return _pages(fresh / "output")

    # a report deleted, then `invoke rebuild` (clean, build), then a build
    (content / "2017" / "ky-hop-thu-tu-hdnd-phien-be-mac.md").unlink()
    shutil.rmtree(output)
    caplog.clear()
    build(settings)
    assert any("đã bị xóa, thay hay chuyển đi): dựng lại mọi trang" in r.getMessage()
               for r in caplog.records)  # one line, and the build goes on
    build(settings)
    assert _pages(output) == cold()
    # the output moved away and back: its state is not trusted
    moved = output.with_name("moved")
    output.rename(moved)
    shutil.copytree(moved, output)
    write_report(content, "2022/moi.md", "Title: Bài mới sau khi chuyển\nDate: 2022-02-02"
                 " 08:00\n\nx\n")
    build(settings)
    assert _pages(output) == cold()
    # damaged state and caches, and state in an older format
    for state in _state_files(cache):
        state.write_bytes(b"\x00 not json or pickle")
    build(settings)
    assert _pages(output) == cold()
    for state in cache.glob("portal-*.json"):
        state.write_text('{"tin-tuc/index.html": "abc"}', encoding="utf-8")  # format 1
    caplog.clear()
    build(settings)
    assert any("định dạng cũ" in r.getMessage() for r in caplog.records)
    assert _pages(output) == cold()

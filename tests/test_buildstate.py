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

from conftest import ROOT, SAMPLE, generate_corpus, write_report
from building.sitebuild import build, load_settings, swap


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


def test_a_swapped_out_tree_goes_under_the_old_name(tmp_path) -> None:
    """Once a build's folder is in place, no folder keeps the temporary name
    (``.output-build-*`` means a build that did not finish): the tree it
    replaced is renamed ``.output-old-*`` at once, then deleted."""
    final, new = tmp_path / "output", tmp_path / ".output-build-abc"
    for folder, text in ((final, "cũ"), (new, "mới")):
        (folder / "pages").mkdir(parents=True)
        for number in range(3000):  # long enough to delete that a test sees it go
            (folder / "pages" / f"{number}.html").write_text(text, encoding="utf-8")
    swap(new, final)
    assert not new.exists()
    assert (final / "pages" / "0.html").read_text(encoding="utf-8") == "mới"
    deadline = time.monotonic() + 20
    while list(tmp_path.glob(".output-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".output-*")) == []


def _state_files(cache: Path) -> list[Path]:
    return (sorted(cache.glob("portal-*.json")) + sorted(cache.glob("portal-*.pickle"))
            + sorted(cache.glob("portal-*/*.pickle")))


def _buckets(cache: Path, family: str) -> dict[str, tuple[int, int]]:
    """Each bucket file of a cache: (inode, time written)."""
    files = list(cache.glob(f"portal-{family}-*/*.pickle"))
    assert len({f.parent for f in files}) <= 1, files  # one version of the cache
    return {f.name: (f.stat().st_ino, f.stat().st_mtime_ns) for f in files}


def test_an_edit_rewrites_only_the_cache_files_that_hold_the_report(site, tmp_path,
                                                                   caplog) -> None:
    """The read cache and the memo of linked bodies are kept in buckets: after
    one report is edited, the build rewrites the read bucket holding it and
    at most two memo buckets (its old entry's and its new one's), not the
    whole caches; a damaged bucket is read again. Every build gives what a
    build from nothing gives."""
    from cachefiles import bucket

    content, output, cache = site
    generate_corpus(60, content / "bao-cao", "pelican")
    settings = _settings(content, output, cache, SEARCH_INDEX=False)
    build(settings)
    reads, memo = _buckets(cache, "reads"), _buckets(cache, "derived")
    assert len(reads) > 20 and len(memo) > 20
    build(settings)  # nothing changed: nothing written
    assert (_buckets(cache, "reads"), _buckets(cache, "derived")) == (reads, memo)

    def changed(before: dict, after: dict) -> set[str]:
        return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}

    edited = sorted((content / "bao-cao").rglob("*.md"))[7]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nĐoạn viết thêm.\n",
                      encoding="utf-8")
    build(settings)
    assert changed(reads, _buckets(cache, "reads")) == {
        f"{bucket(os.path.abspath(edited)):02d}.pickle"}
    assert 1 <= len(changed(memo, _buckets(cache, "derived"))) <= 2

    def cold() -> dict[str, bytes]:
        fresh = tmp_path / f"cold-{time.monotonic_ns()}"
        build(_settings(content, fresh / "output", fresh / "cache", SEARCH_INDEX=False))
        return _pages(fresh / "output")

    assert _pages(output) == cold()
    for family in ("reads", "derived"):
        damaged = sorted(cache.glob(f"portal-{family}-*/*.pickle"))[3]
        damaged.write_bytes(b"\x00 not a pickle")
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMột dòng nữa.\n",
                      encoding="utf-8")
    caplog.clear()
    build(settings)
    assert sum("tệp hỏng" in r.getMessage() for r in caplog.records) == 2
    assert _pages(output) == cold()


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

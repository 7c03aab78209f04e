"""The live server: a saved report's pages are written at once, byte for byte
what a full build of the same content writes; a full build follows."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT
from building.live import LiveSite, Watcher
from building.livereload import serve
from building.sitebuild import build, load_settings

SEED = "2019/03/hoi-nghi-ra-soat-bo-sung-quy-hoach-can-bo.md"
DAN_VAN = "2022/hoi-nghi-tong-ket-cong-tac-dan-van.md"


def _settings(content: Path, output: Path, cache: Path) -> dict:
    return load_settings(ROOT / "pelicanconf.py", content, output, CACHE_PATH=str(cache),
                         SEARCH_INDEX=False)


def _live(content: Path, tmp_path: Path) -> LiveSite:
    live = LiveSite(_settings(content, tmp_path / "output", tmp_path / "cache"),
                    ROOT / "pelicanconf.py")
    live.build()
    return live


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_full_build(live: LiveSite, pages: dict[str, str], tmp_path: Path, n: int) -> None:
    full = build(_settings(live.content, tmp_path / f"full-{n}", tmp_path / f"cache-{n}"))
    for name in pages:
        assert (live.output / name).read_bytes() == (full / name).read_bytes(), name


def test_saved_pages_equal_a_full_build(content, tmp_path) -> None:
    live = _live(content, tmp_path)
    seed = content / SEED
    # a new attendee named in the body, a chair's position changed, one removed
    seed.write_text(seed.read_text(encoding="utf-8") + "\nĐồng chí Phạm Văn Đức – Phó Chủ"
                    " tịch UBND thành phố cũng dự hội nghị.\n", encoding="utf-8")
    pages = live.apply(seed)
    assert "can-bo/pham-van-duc/index.html" in pages
    assert any(name.startswith("su-kien/2019/") for name in pages)
    assert "nhiem-ky/2020-2025/index.html" in pages
    assert "Phạm Văn Đức" in (live.output / next(n for n in pages if n.startswith("tin-tuc/"))
                              ).read_text(encoding="utf-8")
    _same_as_full_build(live, pages, tmp_path, 1)

    dan_van = content / DAN_VAN
    _replace(dan_van, "position: Chủ tịch Ủy ban MTTQ Việt Nam thành phố",
             "position: Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố")
    pages = live.apply(dan_van)
    assert len([n for n in pages if n.startswith("can-bo/")]) >= 2
    _same_as_full_build(live, pages, tmp_path, 2)

    # the same report edited again: Phạm Văn Đức leaves it, his page follows
    seed.write_text(seed.read_text(encoding="utf-8").replace(
        "Đồng chí Phạm Văn Đức – Phó Chủ tịch UBND thành phố cũng dự hội nghị.", ""),
        encoding="utf-8")
    pages = live.apply(seed)
    assert "can-bo/pham-van-duc/index.html" in pages
    _same_as_full_build(live, pages, tmp_path, 3)


def test_a_new_report_and_a_generated_one(content, tmp_path) -> None:
    live = _live(content, tmp_path)
    report = content / "2025/05/tiep-xuc-cu-tri.md"
    report.parent.mkdir(parents=True)
    report.write_text("Title: Tiếp xúc cử tri phường An Phú\nDate: 2025-05-10 09:00\n"
                      "Chair: Nguyễn Tư Khánh – Bí thư Thành ủy\n"
                      "Attendees: Đỗ Thị Mai – Chủ tịch UBND phường An Phú\n\nNội dung.\n",
                      encoding="utf-8")
    pages = live.apply(report)
    assert {"can-bo/do-thi-mai/index.html", "can-bo/nguyen-tu-khanh/index.html"} <= set(pages)
    generated = sorted((content / "bao-cao").glob("*.md"))[7]
    _replace(generated, "\nAttendees: ", "\nAttendees: Đỗ Thị Mai, ")
    pages.update(live.apply(generated))
    _same_as_full_build(live, pages, tmp_path, 1)


def test_bad_save_writes_nothing(content, tmp_path, caplog) -> None:
    live = _live(content, tmp_path)
    before = {p: p.read_bytes() for p in live.output.rglob("*.html")}
    seed = content / SEED
    _replace(seed, "date:", "date: 31/02/2019\ndate:")
    with caplog.at_level(logging.ERROR):
        assert live.apply(seed) == {}
    assert any("hoi-nghi-ra-soat-bo-sung-quy-hoach-can-bo.md:" in r.getMessage()
               for r in caplog.records)
    assert {p: p.read_bytes() for p in live.output.rglob("*.html")} == before


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url).read().decode("utf-8")
    except OSError:  # not found, or not yet listening
        return ""


def _wait_for(check, seconds: float) -> float:
    started = time.perf_counter()
    while not check():
        assert time.perf_counter() - started < seconds, "timed out"
        time.sleep(0.05)
    return time.perf_counter() - started


def test_watcher_serves_the_edit_then_a_full_build(content, tmp_path) -> None:
    live = _live(content, tmp_path)
    watcher = Watcher(live)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    server = serve(live.output, "127.0.0.1", 0, live.events)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        time.sleep(0.5)  # the watch is set up
        states = sorted((tmp_path / "cache").glob("portal-scope-*.json"))
        assert len(states) == 1
        first = states[0].stat().st_mtime_ns
        _replace(content / DAN_VAN, '  - "Vũ Thị Ánh – Trưởng Ban Dân vận Thành ủy"\n',
                 '  - "Vũ Thị Ánh – Trưởng Ban Dân vận Thành ủy"\n'
                 '  - "Nguyễn Văn Xuân Mới – Phó Trưởng Ban Dân vận Thành ủy"\n')
        _wait_for(lambda: "Phó Trưởng Ban Dân vận Thành ủy" in _get(
            base + "can-bo/nguyen-van-xuan-moi/"), 30)
        # listings wait for the full build, which follows by itself
        _wait_for(lambda: "Nguyễn Văn Xuân Mới" in _get(base + "can-bo/"), 300)
        assert "Phó Trưởng Ban Dân vận Thành ủy" in _get(base + "can-bo/nguyen-van-xuan-moi/")
        # the full build kept its state where the live site keeps its own (made
        # current by buildstate.commit just after the swap the listing shows)
        _wait_for(lambda: states[0].stat().st_mtime_ns > first, 30)
    finally:
        stop.set()
        thread.join(timeout=120)
        server.shutdown()
    assert not thread.is_alive()
    assert watcher.background is None or watcher.background.poll() is not None
    assert not list(tmp_path.glob(".output-build-*"))  # no temporary folder left behind


def _start_live(content: Path, tmp_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(  # its messages to a file: a full pipe would block it
        [sys.executable, "-m", "building.live", "--settings", str(ROOT / "pelicanconf.py"), "--content",
         str(content), "--output", str(tmp_path / "output"), "--port", str(port)],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "live.log", "w"),
        start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: _get(base) != "", 120)
    except AssertionError:
        os.killpg(server.pid, signal.SIGKILL)
        raise
    return server, base


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_open_pages_reload_and_show_problems_until_fixed(content, tmp_path, browser) -> None:
    """In Chromium: a saved report reloads its open page within a second; a
    broken one shows its path:line message over the page, which stays the last
    good one; fixing it removes the message. The built files carry no script."""
    server, base = _start_live(content, tmp_path)
    page = browser.new_page()
    try:
        page.goto(base + "tin-tuc/2022/12/hoi-nghi-tong-ket-cong-tac-dan-van-nam-2022/")
        page.wait_for_function("() => document.readyState === 'complete'")
        page.wait_for_timeout(300)  # the event stream is open
        report = content / DAN_VAN
        good = report.read_text(encoding="utf-8")
        page.evaluate("window.stayed = true")
        started = time.perf_counter()
        report.write_text(good + "\nMột đoạn mới (đã sửa).\n", encoding="utf-8")
        page.wait_for_function("() => window.stayed !== true", timeout=5000)
        page.wait_for_load_state()
        reloaded = time.perf_counter() - started
        assert "(đã sửa)" in page.content()
        assert reloaded < 1.0, reloaded  # measured: about 0.3 s

        report.write_text(good.replace("date: 2022-12-", "date: 2022-13-", 1), encoding="utf-8")
        box = page.locator("#live-problems")
        box.wait_for(timeout=10000)
        assert "hoi-nghi-tong-ket-cong-tac-dan-van.md:" in box.inner_text()
        assert "không đọc được ngày" in box.inner_text()
        assert page.locator("h1").count() >= 1  # the last good page is still there

        report.write_text(good, encoding="utf-8")
        box.wait_for(state="detached", timeout=20000)
        assert server.poll() is None  # it never stopped
    finally:
        page.close()
        _stop(server)
    for html in (tmp_path / "output").rglob("*.html"):
        assert "__live" not in html.read_text(encoding="utf-8"), html


def test_the_server_survives_every_hostile_file(content, tmp_path) -> None:
    """Each file of the hostile corpora saved into a running server: it keeps
    serving, says path:line for each, and the last good pages stay."""
    from test_hostile import HOSTILE
    from test_robustness import BAD

    server, base = _start_live(content, tmp_path)
    home = _get(base)
    try:
        cases = sorted([*HOSTILE.glob("*.md"), *BAD.glob("*.md")])
        for case in cases:
            (content / "hostile").mkdir(exist_ok=True)
            (content / "hostile" / case.name).write_bytes(case.read_bytes())
        _wait_for(lambda: "hostile/" in _events(base), 120)
        assert server.poll() is None
        assert _get(base) == home  # no broken report reached a page
        shutil.rmtree(content / "hostile")
        _wait_for(lambda: '"problems": []' in _events(base), 300)
    finally:
        _stop(server)
    assert "Traceback" not in (tmp_path / "live.log").read_text(encoding="utf-8")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)


def _events(base: str) -> str:
    """The first state the event stream sends."""
    with urllib.request.urlopen(base + "__live/events", timeout=10) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                return line.decode("utf-8")
    return ""

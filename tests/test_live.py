"""The live server: a saved report's pages are written at once, byte for byte
what a full build of the same content writes; a full build follows."""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT
from live import LiveSite, Watcher, serve
from sitebuild import build, load_settings

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
    except urllib.error.HTTPError:
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
    server = serve(live.output, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        time.sleep(0.5)  # the watch is set up
        _replace(content / DAN_VAN, '  - "Vũ Thị Ánh – Trưởng Ban Dân vận Thành ủy"\n',
                 '  - "Vũ Thị Ánh – Trưởng Ban Dân vận Thành ủy"\n'
                 '  - "Nguyễn Văn Xuân Mới – Phó Trưởng Ban Dân vận Thành ủy"\n')
        _wait_for(lambda: "Phó Trưởng Ban Dân vận Thành ủy" in _get(
            base + "can-bo/nguyen-van-xuan-moi/"), 30)
        # listings wait for the full build, which follows by itself
        _wait_for(lambda: "Nguyễn Văn Xuân Mới" in _get(base + "can-bo/"), 300)
        assert "Phó Trưởng Ban Dân vận Thành ủy" in _get(base + "can-bo/nguyen-van-xuan-moi/")
    finally:
        stop.set()
        thread.join(timeout=120)
        server.shutdown()
    assert not thread.is_alive()
    assert watcher.background is None or watcher.background.poll() is not None
    assert not list(tmp_path.glob(".output-build-*"))  # no temporary folder left behind

"""Incremental builds: only what changed is rendered, and the result is
byte for byte what a cold build of the same content gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, write_report
from building.sitebuild import build, load_settings
from incremental import writer

SEED = "2019/03/hoi-nghi-ra-soat-bo-sung-quy-hoach-can-bo.md"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino
            for p in folder.rglob("*") if p.is_file()}


def _settings(content: Path, output: Path, cache: Path) -> dict:
    return load_settings(ROOT / "pelicanconf.py", content, output, CACHE_PATH=str(cache))


def _edit(content: Path) -> None:
    seed = content / SEED
    seed.write_text(seed.read_text(encoding="utf-8") + "\nĐồng chí Phạm Văn Đức – Phó Chủ"
                    " tịch UBND thành phố cũng dự hội nghị.\n", encoding="utf-8")
    renamed = content / "2021/hoi-nghi-so-ket-chuyen-doi-so.md"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace(
        "Title: Hội nghị sơ kết 6 tháng", "Title: Hội nghị sơ kết sáu tháng"), encoding="utf-8")
    changed = content / "2022/hoi-nghi-tong-ket-cong-tac-dan-van.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "position: Chủ tịch Ủy ban MTTQ Việt Nam thành phố",
        "position: Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố"), encoding="utf-8")
    terms = content / "records/terms.yaml"  # a label shown on many pages and in their data
    terms.write_text(terms.read_text(encoding="utf-8").replace(
        "(HĐND khóa XI)", "(HĐND thành phố khóa XI)"), encoding="utf-8")
    (content / "2024/le-ky-niem-ngay-thanh-lap-dang-bo.md").unlink()
    write_report(content, "2025/05/tiep-xuc-cu-tri.md",
                 "Title: Tiếp xúc cử tri phường An Phú\nDate: 2025-05-10 09:00\n"
                 "Chair: Nguyễn Tư Khánh – Bí thư Thành ủy\n"
                 "Attendees: Đỗ Thị Mai – Chủ tịch UBND phường An Phú\n\nNội dung.\n")


def test_incremental_build_equals_a_cold_build(content, tmp_path) -> None:
    output = tmp_path / "output"
    cache = tmp_path / "cache"
    # named without a title: its pages' JSON-LD gives her latest title, which
    # the report added by _edit changes
    write_report(content, "2023/06/gap-mat-dai-bieu.md",
                 "Title: Gặp mặt đại biểu phường An Phú\nDate: 2023-06-02 08:00\n"
                 "Attendees: Đỗ Thị Mai\n\nNội dung.\n")
    build(_settings(content, output, cache))
    untouched = build(_settings(content, output, cache))  # warm: nothing changed
    before = _inodes(untouched)
    _edit(content)
    build(_settings(content, output, cache))
    after = _inodes(output)
    cold = build(_settings(content, tmp_path / "cold", tmp_path / "cold-cache"))
    # Pagefind's own files are not byte-reproducible (hash order), even for
    # the same pages: compare everything else byte for byte, and the index
    # by its manifest (and by search results, in the browser test below).
    incremental, fresh = _files(output), _files(cold)
    outside = lambda files: {k: v for k, v in files.items() if not k.startswith("pagefind/")}
    assert sorted(outside(incremental)) == sorted(outside(fresh))
    different = [name for name in outside(fresh) if incremental[name] != fresh[name]]
    assert different == []
    # the manifest too, but for the names of Pagefind's files (tag, metadata)
    shards = lambda folder: [{k: v for k, v in shard.items() if k not in ("tag", "meta")}
                             for shard in json.loads((folder / "pagefind/shards.json")
                                                     .read_text(encoding="utf-8"))["shards"]]
    assert shards(output) == shards(cold)
    html = [n for n in after if n.endswith(".html") and n in before]
    kept = [n for n in html if before[n] == after[n]]
    assert len(kept) > len(html) / 2  # most pages were not rendered again
    assert not (output / "tin-tuc/2024/02").exists()  # the deleted report's pages are gone
    # the same shards, and no folder left of a shard that went or was replaced
    assert sorted(p.name for p in (output / "pagefind").iterdir()) == sorted(
        p.name for p in (cold / "pagefind").iterdir())
    assert not list(output.glob(".pagefind*")) and not list(output.glob("pagefind.*"))


def test_warm_build_renders_nothing(content, tmp_path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(_settings(content, output, cache))
    before = _inodes(output)
    build(_settings(content, output, cache))
    after = _inodes(output)
    pages = [n for n in before if n.endswith((".html", ".xml", ".ics", ".json", ".csv"))
             and not n.startswith("pagefind/") and n not in ("sitemap.xml",)]
    changed = [n for n in pages if before[n] != after.get(n)]
    assert changed == []
    index = [n for n in before if n.startswith("pagefind/") and n != "pagefind/shards.json"]
    assert index and [n for n in index if before[n] != after.get(n)] == []  # left in place


def test_incremental_index_gives_the_same_search_results(content, tmp_path, browser) -> None:
    from browser import serve

    output, cache = tmp_path / "output", tmp_path / "cache"
    build(_settings(content, output, cache))
    _edit(content)
    build(_settings(content, output, cache))
    cold = build(_settings(content, tmp_path / "cold", tmp_path / "cold-cache"))
    query = """async (shards) => {
        const pf = await import("/pagefind/" + shards[0] + "/pagefind.js");
        for (const s of shards.slice(1)) await pf.mergeIndex("/pagefind/" + s + "/");
        const out = {};
        for (const q of ["nguyen tu khanh", "quy hoach can bo", "hdnd", "tiep xuc cu tri",
                         "so ket sau thang", "Đỗ Thị Mai", "Phó Chủ tịch Ủy ban MTTQ"]) {
            const found = await pf.search(q);
            out[q] = (await Promise.all(found.results.map((r) => r.data()))).map((d) => d.url).sort();
        }
        return out;
    }"""
    answers = []
    for folder in (output, cold):
        import json

        shards = [s["id"] for s in json.loads((folder / "pagefind/shards.json").read_text())["shards"]]
        page = browser.new_page()
        with serve(folder) as url:
            page.goto(url + "/404.html")
            answers.append(page.evaluate(query, shards))
        page.close()
    assert answers[0] == answers[1]
    assert answers[0]["tiep xuc cu tri"] and answers[0]["Đỗ Thị Mai"]


def test_summaries_made_before_rendering_are_the_ones_pages_make(content, tmp_path,
                                                                  monkeypatch) -> None:
    """A cold build cuts every summary once, on every core, before the render
    processes fork; its pages are byte for byte those of a build whose pages
    cut the summaries they show."""
    made = []
    remember = writer.remember_summary
    monkeypatch.setattr(writer, "remember_summary",
                        lambda item, summary: (made.append(item), remember(item, summary)))
    settings = lambda name: load_settings(ROOT / "pelicanconf.py", content, tmp_path / name,
                                          CACHE_PATH=str(tmp_path / f"{name}-cache"),
                                          SEARCH_INDEX=False, WRITER_JOBS=2)
    before = build(settings("made-before"))
    reports = len(list(content.rglob("*.md")))
    assert len(made) >= reports  # every report's summary was made before rendering
    monkeypatch.setattr(writer, "remember_summary", lambda item, summary: None)
    shown = build(settings("made-where-shown"))
    first, second = _files(before), _files(shown)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    home = (before / "index.html").read_text(encoding="utf-8")
    assert "…" in home or "..." in home  # the listings do show cut summaries


def _outside_index(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in _files(folder).items() if not k.startswith("pagefind/")}


def _newest(folder: Path) -> Path:
    """The generated report with the latest date (on the home page, in every feed)."""
    dated = {}
    for path in folder.glob("*.md"):
        line = next(l for l in path.read_text(encoding="utf-8").splitlines()
                    if l.startswith("Date:"))
        dated[line] = path
    return dated[max(dated)]


def _compared(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "incremental.writer" and r.getMessage().startswith("Trang: ")
            and "so với lần dựng trước" in r.getMessage()]


def test_body_only_edit_compares_only_the_pages_showing_it(content, tmp_path, caplog) -> None:
    """When only report bodies changed, the pages that never showed them keep
    their fingerprints without computing them, and the site is still the
    one a cold build makes; an edit of anything else compares every page."""
    import logging

    caplog.set_level(logging.INFO, logger="incremental.writer")
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(_settings(content, output, cache))
    newest, seed = _newest(content / "bao-cao"), content / SEED
    for path in (newest, seed):  # words at the end: no line of a named person moves
        path.write_text(path.read_text(encoding="utf-8") + "\nCác đơn vị báo cáo kết quả"
                        " thực hiện trước ngày 30 hằng tháng.\n", encoding="utf-8")
    caplog.clear()
    build(_settings(content, output, cache))
    said = _compared(caplog)
    assert len(said) == 1 and "chỉ phần thân của 2 bài đổi" in said[0], said
    total, compared = (int(n) for n in re.findall(r"\d+", said[0])[:2])
    assert 0 < compared < total / 10
    cold = build(_settings(content, tmp_path / "cold", tmp_path / "cold-cache"))
    incremental, fresh = _outside_index(output), _outside_index(cold)
    assert sorted(incremental) == sorted(fresh)
    assert [name for name in fresh if incremental[name] != fresh[name]] == []
    # a paragraph above the people a body names moves their lines, which no page shows
    header, _, body = seed.read_text(encoding="utf-8").partition("\n\n")
    seed.write_text(f"{header}\n\nĐoạn mở đầu được thêm vào.\n\nMột đoạn nữa.\n\n{body}",
                    encoding="utf-8")
    caplog.clear()
    build(_settings(content, output, cache))
    said = _compared(caplog)
    assert len(said) == 1 and "chỉ phần thân của 1 bài đổi" in said[0], said
    cold = build(_settings(content, tmp_path / "cold1", tmp_path / "cold1-cache"))
    assert _outside_index(output) == _outside_index(cold)
    # a body that now names an official (a fact: who the report mentions)
    with newest.open("a", encoding="utf-8") as report:
        report.write("\nĐồng chí Phạm Văn Đức – Phó Chủ tịch UBND thành phố phát biểu.\n")
    caplog.clear()
    build(_settings(content, output, cache))
    assert [m for m in _compared(caplog) if "chỉ phần thân" in m] == []
    cold = build(_settings(content, tmp_path / "cold2", tmp_path / "cold2-cache"))
    assert _outside_index(output) == _outside_index(cold)


def test_a_body_linked_through_another_report_is_compared_again(content, tmp_path,
                                                                caplog) -> None:
    """An unchanged report whose body names someone who becomes an official
    through another report links to them: its facts changed though its file
    did not. Removing the name later must not count as a body-only edit."""
    import logging

    caplog.set_level(logging.INFO, logger="incremental.writer")
    output, cache = tmp_path / "output", tmp_path / "cache"
    named = write_report(content, "2023/07/hop-ban.md",
                         "Title: Họp ban chỉ đạo\nDate: 2023-07-03 08:00\n"
                         "Chair: Nguyễn Tư Khánh – Bí thư Thành ủy\n\n"
                         "Hồ Thị Quyên cùng các đại biểu dự họp.\n")
    build(_settings(content, output, cache))
    write_report(content, "2023/08/tiep-dan.md",
                 "Title: Tiếp công dân định kỳ\nDate: 2023-08-01 08:00\n"
                 "Chair: Hồ Thị Quyên – Phó Chủ tịch UBND thành phố\n\nNội dung.\n")
    build(_settings(content, output, cache))
    named.write_text(named.read_text(encoding="utf-8").replace("Hồ Thị Quyên cùng các", "Các"),
                     encoding="utf-8")
    caplog.clear()
    build(_settings(content, output, cache))
    assert [m for m in _compared(caplog) if "chỉ phần thân" in m] == []
    cold = build(_settings(content, tmp_path / "cold", tmp_path / "cold-cache"))
    assert _outside_index(output) == _outside_index(cold)

"""Incremental builds: only what changed is rendered, and the result is
byte for byte what a cold build of the same content gives."""

from __future__ import annotations

import json
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

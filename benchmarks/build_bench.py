#!/usr/bin/env python3
"""Build benchmark: plain Pelican + Pagefind CLI against this portal, one run.

usage: python benchmarks/build_bench.py [--sizes 1000 10000] [--work DIR] [--skip-live]
                                       [--skip-plain]

For each corpus size (generated with tests/corpus/gen_corpus.py, pelican
header style) it measures, on this machine and in this run:

* plain: Pelican 4 with its default theme and no plugins, then the Pagefind
  CLI over its output (the baseline);
* portal cold: ``python -m building.sitebuild build`` (validation, records, search
  index) into an empty output, no caches;
* portal warm: the same build again, nothing changed;
* portal edit: one article's body edited, build again;
* live reload: ``python -m building.live`` (``invoke serve``) running, one article
  edited, time until its page on disk shows the edit.

Wall time, peak memory (proportional set size summed over the whole process
tree, sampled every 250 ms), HTML pages in the output, search index size and
file count, and the ratio to the plain build. Prints a Markdown table; each
build's messages (a portal build's phases, with seconds) stay in
``WORK/SIZE/*.log``. Timings are not asserted
anywhere: this is a measuring tool.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import psutil  # memory as PSS, summed over the build's processes
except ImportError:  # a .venv made by tests/bootstrap.py has only the test extras
    sys.exit("build_bench cần psutil: pip install -e '.[bench]'"
             " (README, phần 'Builds at archive scale')")

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "tests" / "corpus" / "gen_corpus.py"
PY = sys.executable
PLAIN_SETTINGS = """
PATH = {path!r}
OUTPUT_PATH = {output!r}
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
SITENAME = "Plain"
SITEURL = ""
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""


#: a portal build's progress lines, ``[ 12.3 s] message``, and the phase each one ends
_STAMP = re.compile(r"^\[\s*(?P<at>[\d.]+) s\] (?P<said>.*)$")
PHASES = (
    ("Đã đọc", "read reports (cache, every core)"),
    ("Bài:", "records: resolve, validate, listings"),
    ("Hồ sơ:", "records: resolve, validate, listings"),
    ("Trang: ", "pages: fingerprints"),
    ("Trang: đã ghi", "pages: render and write"),
    ("Tìm kiếm:", "search index"),
)


@dataclass
class Run:
    label: str
    seconds: float
    peak_mb: float
    pages: int = 0
    index_mb: float = 0.0
    index_files: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    peak_phase: str = ""


def phases(log: Path, wall: float) -> dict[str, float]:
    """Seconds per phase of a portal build, from its progress lines: each line
    ends the phase of :data:`PHASES` its message starts with (the longest
    match); the rest of the wall time is start-up, writing and the swap."""
    found: dict[str, float] = {}
    last = 0.0
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        stamp = _STAMP.match(line)
        if not stamp:
            continue
        at, said = float(stamp["at"]), stamp["said"]
        ends = max(((prefix, name) for prefix, name in PHASES if said.startswith(prefix)),
                   key=lambda phase: len(phase[0]), default=None)
        if ends:
            found[ends[1]] = found.get(ends[1], 0.0) + at - last
            last = at
    found["start-up, finishing, swap"] = max(wall - last, 0.0)
    return found


def phase_at(log: Path, seconds: float) -> str:
    """The phase a portal build was in ``seconds`` after it started (the
    progress lines count from a little later: the start-up is not in them)."""
    last = 0.0
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        stamp = _STAMP.match(line)
        if not stamp:
            continue
        ends = max(((prefix, name) for prefix, name in PHASES if stamp["said"].startswith(prefix)),
                   key=lambda phase: len(phase[0]), default=None)
        if ends and last <= seconds <= float(stamp["at"]):
            return ends[1]
        last = float(stamp["at"]) if ends else last
    return "start-up, finishing, swap"


def measure(command: list[str], log: Path, cwd: Path = ROOT) -> tuple[float, float, float]:
    """Run ``command`` (its messages, with the phases of a portal build, go to
    ``log``); return wall seconds and the peak memory of its process tree: the
    sum of proportional set sizes (PSS), so that pages forked workers share
    with their parent count once (RSS would count them in every process); RSS
    where PSS is not available; and when (seconds after the start) that peak was."""
    start = time.perf_counter()
    sink = log.open("wb")
    process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=sink)
    peak, peak_at = 0, 0.0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            now = sum(_memory(p) for p in tree if p.is_running())
            if now > peak:
                peak, peak_at = now, time.perf_counter() - start
        except psutil.Error:
            pass
        time.sleep(0.25)  # reading PSS costs more than RSS: sample less often
    seconds = time.perf_counter() - start
    sink.close()
    if process.returncode != 0:
        tail = log.read_bytes().decode("utf-8", "replace")[-3000:]
        raise SystemExit(f"failed: {' '.join(command)}\n{tail}")
    return seconds, peak / 2**20, peak_at


def _memory(process: psutil.Process) -> int:
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


def site_figures(run: Run, output: Path, index: str) -> Run:
    run.pages = sum(1 for _ in output.rglob("*.html"))
    files = [p for p in (output / index).rglob("*") if p.is_file()]
    run.index_mb = sum(p.stat().st_size for p in files) / 1e6
    run.index_files = len(files)
    return run


def plain(corpus: Path, work: Path) -> Run:
    output = work / "plain-output"
    shutil.rmtree(output, ignore_errors=True)
    settings = work / "plainconf.py"
    settings.write_text(PLAIN_SETTINGS.format(path=str(corpus), output=str(output)))
    pelican_s, pelican_mb, _ = measure([PY, "-m", "pelican", "-s", str(settings), "-q"],
                                    work / "plain-pelican.log")
    index_s, index_mb, _ = measure([PY, "-m", "pagefind", "--site", str(output)],
                                work / "plain-pagefind.log")
    run = Run("plain Pelican + Pagefind CLI (cold)", pelican_s + index_s, max(pelican_mb, index_mb))
    return site_figures(run, output, "pagefind")


def portal(corpus: Path, work: Path, label: str, clean: bool) -> Run:
    output = work / "portal-output"
    if clean:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(ROOT / "cache", ignore_errors=True)
    log = work / f"portal-{len(list(work.glob('portal-*.log'))) + 1}.log"  # in run order
    seconds, peak, peak_at = measure([PY, "-m", "building.sitebuild", "build", "--settings",
                                      str(ROOT / "pelicanconf.py"), "--content", str(corpus),
                                      "--output", str(output)], log)
    return site_figures(Run(label, seconds, peak, phases=phases(log, seconds),
                            peak_phase=phase_at(log, peak_at)), output, "pagefind")


def edit(corpus: Path, marker: str) -> Path:
    """Change one article's body; return it."""
    article = sorted(corpus.glob("*.md"))[len(list(corpus.glob("*.md"))) // 2]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.rstrip("\n") + f"\n\nĐoạn sửa {marker}.\n", encoding="utf-8")
    return article


def live_reload(corpus: Path, work: Path) -> Run:
    """Seconds from saving an edit until the server has written the article's
    page and its event, official and term pages (its "pages updated" line)."""
    output = work / "portal-output"
    server = subprocess.Popen([PY, "-m", "building.live", "--settings", str(ROOT / "pelicanconf.py"),
                               "--content", str(corpus), "--output", str(output), "--no-serve"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, encoding="utf-8", errors="replace")
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=lambda: lines.extend(
        (time.perf_counter(), line) for line in server.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.perf_counter() + 1800
        while not any(line.startswith("Theo dõi") for _, line in lines):
            if time.perf_counter() > deadline or server.poll() is not None:
                raise RuntimeError("the live server did not start: " + "".join(
                    line for _, line in lines[-20:]))
            time.sleep(0.2)  # the server builds once at start
        settle = time.perf_counter() + 120  # steady state: the replaced tree is gone
        while list(work.glob(f".{output.name}-old-*")) and time.perf_counter() < settle:
            time.sleep(0.5)
        time.sleep(1)
        marker = f"live-{time.time_ns()}"
        start = time.perf_counter()
        article = edit(corpus, marker)
        deadline = start + 900
        done = None
        while time.perf_counter() < deadline and done is None:
            done = next((when for when, line in list(lines)
                         if when > start and article.name in line and "pages updated" in line),
                        None)
            time.sleep(0.02)
        slug = next(line.split(": ", 1)[1] for line in article.read_text().splitlines()
                    if line.startswith("Slug: "))
        page = next(output.glob(f"tin-tuc/*/*/{slug}/index.html"))
        assert marker in page.read_text(encoding="utf-8"), "the page was not updated"
        seconds = (done or time.perf_counter()) - start
    finally:
        server.terminate()
        server.wait(timeout=60)
    return Run("live reload: edit → its pages updated", seconds, 0.0)


def table(size: int, runs: list[Run]) -> str:
    base = runs[0].seconds  # plain, unless skipped: then our cold build
    against = "plain" if runs[0].label.startswith("plain") else "our cold build"
    lines = [f"### {size} articles", "",
             f"| build | wall | ratio to {against} | peak memory | HTML pages | index size"
             " | index files |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for run in runs:
        if not run.peak_mb:  # the live server: a latency, not a build
            lines.append(f"| {run.label} | {run.seconds:.2f} s | | | | | |")
            continue
        lines.append(f"| {run.label} | {run.seconds:.1f} s | {run.seconds / base:.2f}× |"
                     f" {run.peak_mb:.0f} MB | {run.pages} | {run.index_mb:.1f} MB |"
                     f" {run.index_files} |")
    return "\n".join(lines) + "\n"


def phase_table(runs: list[Run]) -> str:
    """Seconds per phase of each portal build (from its progress lines)."""
    builds = [run for run in runs if run.phases]
    if not builds:
        return ""
    names = list(dict.fromkeys(name for _, name in PHASES
                               if any(name in run.phases for run in builds)))
    names.append("start-up, finishing, swap")
    lines = ["| phase | " + " | ".join(run.label.removeprefix("portal").strip(" ,")
                                      for run in builds) + " |",
             "| --- |" + " ---: |" * len(builds)]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(f"{run.phases.get(name, 0.0):.1f} s"
                                                  for run in builds) + " |")
    lines.append("| **wall** | " + " | ".join(f"{run.seconds:.1f} s" for run in builds) + " |")
    lines.append("| peak memory during | " + " | ".join(run.peak_phase for run in builds) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-build-bench"))
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--skip-plain", action="store_true",
                        help="no baseline (at 100 000 the Pagefind CLI alone needs ~19 GB)")
    args = parser.parse_args()
    for size in args.sizes:
        work = args.work / str(size)
        corpus = work / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        work.mkdir(parents=True, exist_ok=True)
        for old in work.glob("*.log"):
            old.unlink()
        subprocess.run([PY, str(GEN), str(size), str(corpus)], check=True)
        runs = [] if args.skip_plain else [plain(corpus, work)]
        runs += [portal(corpus, work, "portal cold (records + search)", clean=True),
                portal(corpus, work, "portal warm, nothing changed", clean=False)]
        edit(corpus, "bench")
        runs.append(portal(corpus, work, "portal, one article edited", clean=False))
        if not args.skip_live:
            runs.append(live_reload(corpus, work))
        print(table(size, runs), flush=True)
        print(phase_table(runs), flush=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # Ctrl-C: the builds it started stop with it, no traceback
        raise SystemExit("build_bench: stopped (Ctrl-C)") from None

#!/usr/bin/env python3
"""What finding people in prose costs, and how fast ``invoke import`` is.

usage: python benchmarks/import_bench.py [--reports 10000] [--items 10000] [--work DIR]
                                         [--rounds 2] [--skip-build | --read-only]

1. Extraction in the build: a generated corpus of REPORTS reports is built
   cold (no output, no cache) with ``RECORDS_PEOPLE_FROM_PROSE`` on and off,
   alternately, ROUNDS times each, in this one run. Prints each wall time and
   the share the extractor adds. It also times the extractor alone over every
   body on one core.
2. Import: an RSS feed of ITEMS items, written like real portals' news (the
   labelled cases' articles, with new titles and dates), imported into an
   empty content/ folder with ``python -m importing``; then imported again
   (nothing new).

Targets (issue 20): extraction adds at most 5 % to a cold build at 10 000
reports; importing 10 000 feed items takes at most 2 minutes. Nothing is
asserted: this is a measuring tool.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
PY = sys.executable
CASES = ROOT / "tests" / "extraction" / "cases"


def timed(command: list[str], log: Path) -> float:
    """Wall seconds of ``command``, its output kept in ``log``."""
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as sink:
        subprocess.run(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - start


def extraction_share(reports: int, work: Path, rounds: int) -> None:
    corpus = work / "corpus"
    if not corpus.exists():
        subprocess.run([PY, str(ROOT / "tests" / "corpus" / "gen_corpus.py"), str(reports),
                        str(corpus)], check=True, stdout=subprocess.DEVNULL)
    settings = {}
    for flag in (True, False):
        path = work / f"conf_{flag}.py"
        path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                        f"from pelicanconf import *\nRECORDS_PEOPLE_FROM_PROSE = {flag}\n")
        settings[flag] = path
    times: dict[bool, list[float]] = {True: [], False: []}
    for number in range(rounds):
        for flag in ((True, False) if number % 2 == 0 else (False, True)):
            shutil.rmtree(work / "output", ignore_errors=True)
            shutil.rmtree(ROOT / "cache", ignore_errors=True)
            times[flag].append(timed(
                [PY, "-m", "building.sitebuild", "build", "--settings", str(settings[flag]),
                 "--content", str(corpus), "--output", str(work / "output")],
                work / f"build-{flag}-{number}.log"))
    from reading import mentions
    from reading.header import split_header

    bodies = []
    for path in sorted(corpus.rglob("*.md")):
        header = split_header(path.read_text(encoding="utf-8"), str(path))
        bodies.append((header.body, header.body_line))
    start = time.perf_counter()
    found = sum(len(mentions.extract(body, line, 2020)) for body, line in bodies)
    alone = time.perf_counter() - start
    on, off = min(times[True]), min(times[False])
    print(f"## Extraction in a cold build, {reports} reports\n")
    print("| build | runs (s) | best (s) |\n| --- | --- | --- |")
    print(f"| extractor on | {', '.join(f'{t:.1f}' for t in times[True])} | {on:.1f} |")
    print(f"| extractor off | {', '.join(f'{t:.1f}' for t in times[False])} | {off:.1f} |")
    print(f"\nadded by the extractor: {on - off:+.1f} s ({(on - off) / off:+.1%} of the build)")
    print(f"extractor alone, one core: {alone:.1f} s for {len(bodies)} bodies "
          f"({alone / len(bodies) * 1000:.2f} ms each, {found} people found)\n")


READ_CHILD = """
import sys, time
from pathlib import Path
from pelican.settings import read_settings
from reading.reader import PortalReader
from reading.readcache import parse_all
files = sorted(str(p) for p in Path(sys.argv[2]).rglob("*.md"))
settings = read_settings(sys.argv[1], override={"PATH": sys.argv[2],
                         "RECORDS_PEOPLE_FROM_PROSE": sys.argv[3] == "on",
                         "PORTAL_READ_CACHE": False})
start = time.perf_counter()
parse_all(PortalReader(settings), files)
print(time.perf_counter() - start)
"""


def read_share(reports: int, work: Path, rounds: int) -> None:
    """The read phase alone (every report parsed on every core, no cache), on
    and off alternately: the part of a build the extractor adds to."""
    corpus = work / "corpus"
    if not corpus.exists():
        subprocess.run([PY, str(ROOT / "tests" / "corpus" / "gen_corpus.py"), str(reports),
                        str(corpus)], check=True, stdout=subprocess.DEVNULL)
    times: dict[str, list[float]] = {"on": [], "off": []}
    for number in range(rounds):
        for flag in (("on", "off") if number % 2 == 0 else ("off", "on")):
            done = subprocess.run([PY, "-c", READ_CHILD, str(ROOT / "pelicanconf.py"),
                                   str(corpus), flag], cwd=ROOT, check=True,
                                  capture_output=True, text=True)
            times[flag].append(float(done.stdout.strip().splitlines()[-1]))
    print(f"## Read phase alone, {reports} reports (parse_all on every core, no cache)\n")
    print("| extractor | runs (s) | best (s) |\n| --- | --- | --- |")
    for flag in ("on", "off"):
        print(f"| {flag} | {', '.join(f'{t:.1f}' for t in times[flag])} |"
              f" {min(times[flag]):.1f} |")
    print(f"\nadded by the extractor (best against best): "
          f"{min(times['on']) - min(times['off']):+.1f} s\n")


def feed(items: int, path: Path) -> None:
    """An RSS 2.0 feed of ``items`` articles made from the labelled cases."""
    from importing.articles import from_text

    articles = [from_text(p.read_text(encoding="utf-8")) for p in sorted(CASES.glob("*.txt"))]
    start = datetime(2015, 1, 1, 1, 0)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
             "<title>Tin tức</title><link>https://tinh.example.gov.vn/</link>"]
    for number in range(items):
        article = articles[number % len(articles)]
        when = start + timedelta(hours=7 * number)
        body = "".join(f"<p>{html.escape(b.text)}</p>" for b in article.blocks)
        parts.append(f"<item><title>{html.escape(article.title)} (bài {number})</title>"
                     f"<link>https://tinh.example.gov.vn/tin/{number}.html</link>"
                     f"<pubDate>{format_datetime(when.replace(tzinfo=None).astimezone())}"
                     f"</pubDate><description>{html.escape(body)}</description></item>")
    parts.append("</channel></rss>")
    path.write_text("".join(parts), encoding="utf-8")


def import_speed(items: int, work: Path) -> None:
    source = work / "feed.xml"
    feed(items, source)
    content = work / "imported"
    shutil.rmtree(content, ignore_errors=True)
    first = timed([PY, "-m", "importing", str(source), "--content", str(content)],
                  work / "import-1.log")
    written = len(list(content.rglob("*.md")))
    again = timed([PY, "-m", "importing", str(source), "--content", str(content)],
                  work / "import-2.log")
    size = source.stat().st_size / 1e6
    print(f"## Import of {items} feed items ({size:.0f} MB of RSS)\n")
    print("| run | seconds | reports written |\n| --- | --- | --- |")
    print(f"| first import | {first:.1f} | {written} |")
    print(f"| again (nothing new) | {again:.1f} | {len(list(content.rglob('*.md'))) - written} |")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/import-bench"))
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--read-only", action="store_true",
                        help="time the read phase alone (no build)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.items:
        import_speed(args.items, args.work)
    if args.read_only:
        read_share(args.reports, args.work, args.rounds)
    elif not args.skip_build:
        extraction_share(args.reports, args.work, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Search benchmark: build a generated corpus, index it, query it in Chromium.

usage: python benchmarks/search_bench.py [--articles 10000] [--work DIR] [--reuse]
       [--no-phone] [--repeat 3]

Builds the generated corpus with the portal (search off), indexes the output
with the search plugin in a child process (wall time, peak memory of the
Pagefind processes, index size and file count), then opens the search page
for each query in Debian's Chromium, served by Debian's nginx on 127.0.0.1
with gzip on (as the README recommends), over plain HTTP/1.1 and over HTTPS
with HTTP/2 (a self-signed certificate Chromium is told to trust). Every
query runs in a fresh browser context (cold cache), over loopback and
through Chromium's network emulation of a phone connection (1.6 Mbps down,
150 ms latency), ``--repeat`` times (3): the run with the median time is
reported.

For each query: time from navigation to the first result on screen, bytes
of the search index fetched (everything under /pagefind/ and the lookup
file, as transferred, until the network is idle),
requests, and the first result. Medians at the end. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "plugins")]
GEN = ROOT / "tests" / "corpus" / "gen_corpus.py"
#: names (with and without marks, partial), posts, terms, topics,
#: abbreviations, a kind with a year, a date
QUERIES = ["Hồ Văn Quang", "ho van quang", "Trần Đức Quang", "đức quang",
           "chu tich hdnd", "nhiệm kỳ 2020-2025", "quy hoach can bo", "chuyển đổi số",
           "hdnd", "mttq", "kỳ họp 2019", "14/03/2019"]
PHONE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
         "uploadThroughput": 750e3 / 8}

INDEX_CHILD = """
import json, resource, sys, time
from pelican.settings import read_settings
from search.index import build_index
from records.settings import apply_defaults as records_defaults
from search.settings import apply_defaults
settings = read_settings(sys.argv[1])
records_defaults(settings)  # the record pages' URLs, as in a build
apply_defaults(settings)
start = time.perf_counter()
manifest = build_index(sys.argv[2], settings)
elapsed = time.perf_counter() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_kb": children,
                  "shards": len(manifest["shards"]),
                  "pages": sum(s["pages"] for s in manifest["shards"])}))
"""

# Set when the first result is put on screen (from navigation start).
FIRST_RESULT = """
new MutationObserver((_, observer) => {
  if (document.querySelector('.search-result')) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
DONE = ("() => { const t = document.getElementById('search-status').textContent;"
        " return t.startsWith('Tìm thấy') || t.startsWith('Không'); }")


def build(corpus: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pelican", str(corpus), "-s",
                    str(ROOT / "pelicanconf.py"), "-o", str(output), "-e",
                    "SEARCH_INDEX=false", "-q"], check=True)
    return time.perf_counter() - start


def index(output: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", INDEX_CHILD, str(ROOT / "pelicanconf.py"),
                             str(output)], check=True, stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    files = [p for p in (output / "pagefind").rglob("*") if p.is_file()]
    figures["bytes"] = sum(p.stat().st_size for p in files)
    figures["files"] = len(files)
    return figures


def _kind(url: str) -> str:
    name = url.rsplit("/", 1)[-1]
    for suffix, kind in ((".pf_fragment", "fragments"), (".pf_index", "index"),
                         (".pf_filter", "filters"), (".pf_meta", "meta"),
                         (".pagefind", "wasm")):
        if name.endswith(suffix):
            return kind
    return "code" if name.endswith(".js") else "lookup"


def one_query(browser, base: str, query: str, phone: bool) -> dict:
    context = browser.new_context()  # cold cache
    page = context.new_page()
    if phone:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE)
    fetched: dict[str, int] = {"requests": 0}

    def count(request) -> None:
        if "/pagefind/" in request.url or request.url.endswith(".json"):
            try:
                size = request.sizes()["responseBodySize"]
            except Exception:  # the page closed before the sizes were read
                return
            fetched[_kind(request.url)] = fetched.get(_kind(request.url), 0) + size
            fetched["requests"] += 1

    page.on("requestfinished", count)
    page.add_init_script(FIRST_RESULT)
    page.goto(f"{base}/tim-kiem/?q={quote(query)}")
    page.wait_for_function(DONE, timeout=300000)
    page.wait_for_load_state("networkidle")
    first_ms = page.evaluate("window.__firstResult || null")
    first = page.eval_on_selector(".search-result h2 a", "a => a.textContent") \
        if page.query_selector(".search-result") else ""
    total = sum(v for k, v in fetched.items() if k != "requests")
    context.close()
    return {"query": query, "ms": first_ms, "bytes": total, "first": first, **fetched}


def run_queries(output: Path, phone: bool, https: bool, repeat: int) -> list[dict]:
    """Every query ``repeat`` times (each cold); per query, the run with the
    median time."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS
    from servers import nginx, self_signed

    with tempfile.TemporaryDirectory() as scratch:
        args, tls = list(CHROMIUM_ARGS), None
        if https:
            cert, key, spki = self_signed(Path(scratch) / "tls")
            args.append(f"--ignore-certificate-errors-spki-list={spki}")
            tls = (cert, key)
        with nginx(output, Path(scratch), gzip=True, tls=tls) as base, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
            runs = [[one_query(browser, base, query, phone) for query in QUERIES]
                    for _ in range(repeat)]
            browser.close()
    rows = []
    for tries in zip(*runs):
        ordered = sorted(tries, key=lambda row: row["ms"] if row["ms"] is not None else 1e9)
        rows.append(ordered[len(ordered) // 2])
    return rows


def table(rows: list[dict], title: str) -> None:
    kinds = ["lookup", "code", "wasm", "meta", "index", "filters", "fragments"]
    print(f"### {title}\n")
    print("| query | first result | index KB | requests | " + " | ".join(kinds)
          + " | first result shown |")
    print("| --- | --- | --- | --- | " + " | ".join("---" for _ in kinds) + " | --- |")
    for row in rows:
        ms = f"{row['ms']:.0f} ms" if row["ms"] is not None else "none"
        print(f"| {row['query']} | {ms} | {row['bytes'] / 1024:.0f} | {row['requests']} | "
              + " | ".join(f"{row.get(k, 0) / 1024:.0f}" for k in kinds)
              + f" | {row['first']} |")
    times = [row["ms"] for row in rows if row["ms"] is not None]
    print(f"\nMedian: {statistics.median(times):.0f} ms to the first result"
          f" (slowest {max(times):.0f} ms), {statistics.median(r['bytes'] for r in rows) / 1024:.0f}"
          f" KB of index (largest {max(r['bytes'] for r in rows) / 1024:.0f} KB).\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-search-bench"))
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the built site (and its index) if they exist")
    parser.add_argument("--no-phone", action="store_true", help="skip the throttled runs")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each query (cold each time); the median is reported")
    args = parser.parse_args()
    corpus = args.work / f"corpus-{args.articles}"
    output = args.work / f"site-{args.articles}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(GEN), str(args.articles), str(corpus)], check=True)
    reuse = args.reuse and (output / "index.html").exists()
    indexed = reuse and (output / "pagefind" / "shards.json").exists()
    built = 0.0 if reuse else build(corpus, output)
    print(f"## Search benchmark: {args.articles} generated articles\n")
    if not indexed:
        figures = index(output)
        if built:
            print(f"Site build without search: {built:.1f} s\n")
        print("| index wall time | peak memory (largest Pagefind process) | shards"
              " | pages indexed | index size | index files |")
        print("| --- | --- | --- | --- | --- | --- |")
        print(f"| {figures['seconds']:.1f} s | {figures['peak_kb'] / 1024:.0f} MB"
              f" | {figures['shards']} | {figures['pages']} | {figures['bytes'] / 1e6:.1f} MB"
              f" | {figures['files']} |\n")
    for https, server in ((False, "HTTP/1.1"), (True, "HTTPS and HTTP/2")):
        table(run_queries(output, False, https, args.repeat),
              f"Chromium over loopback, {server}, cold cache")
        if not args.no_phone:
            table(run_queries(output, True, https, args.repeat),
                  f"Phone connection (1.6 Mbps, 150 ms), {server}, cold cache")


if __name__ == "__main__":
    main()

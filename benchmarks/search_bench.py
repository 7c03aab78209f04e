#!/usr/bin/env python3
"""Search benchmark: index a generated corpus and query it in Chromium.

usage: python benchmarks/search_bench.py [--articles 10000] [--work DIR]

Builds the generated corpus with the portal (search off), then indexes the
output with the search plugin in a child process (wall time, peak memory of
the Pagefind processes, index size and file count), then runs five queries
in Debian's Chromium against the site served on 127.0.0.1 (bytes fetched
from the index and time to first results, cold cache). Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "plugins")]
GEN = ROOT / "tests" / "corpus" / "gen_corpus.py"
QUERIES = ["nguyen tu khanh", "Nguyễn Tư Khánh", "quy hoach can bo", "hdnd", "ban thuong vu"]

INDEX_CHILD = """
import json, resource, sys, time
from pelican.settings import read_settings
from search.index import build_index
from search.settings import apply_defaults
settings = read_settings(sys.argv[1])
apply_defaults(settings)
start = time.perf_counter()
manifest = build_index(sys.argv[2], settings)
elapsed = time.perf_counter() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_kb": children,
                  "shards": len(manifest["shards"]),
                  "pages": sum(s["pages"] for s in manifest["shards"])}))
"""


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


def query_in_browser(output: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS, serve

    rows = []
    done = ("() => { const t = document.getElementById('search-status').textContent;"
            " return t.startsWith('Tìm thấy') || t.startsWith('Không'); }")
    with serve(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in QUERIES:
            context = browser.new_context()  # cold cache for every query
            page = context.new_page()
            fetched = {"bytes": 0, "requests": 0}

            def count(request, fetched=fetched):
                if "/pagefind/" in request.url:
                    fetched["bytes"] += request.sizes()["responseBodySize"]
                    fetched["requests"] += 1

            page.on("requestfinished", count)
            page.goto(f"{base}/tim-kiem/?q={quote(query)}")
            page.wait_for_function(done, timeout=120000)
            ms = page.evaluate("performance.now()")
            results = page.inner_text("#search-status")
            first = page.eval_on_selector(".search-result h2 a", "a => a.textContent") \
                if page.query_selector(".search-result") else ""
            rows.append({"query": query, "ms": ms, **fetched, "status": results,
                         "first": first})
            context.close()
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-search-bench"))
    parser.add_argument("--reuse", action="store_true", help="reuse an existing built site")
    args = parser.parse_args()
    corpus = args.work / f"corpus-{args.articles}"
    output = args.work / f"site-{args.articles}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(GEN), str(args.articles), str(corpus)], check=True)
    built = 0.0 if args.reuse and output.exists() else build(corpus, output)
    figures = index(output)
    print(f"## Search benchmark: {args.articles} generated articles\n")
    print(f"Site build without search: {built:.1f} s\n")
    print("| index wall time | peak memory (largest Pagefind process) | shards | pages indexed"
          " | index size | index files |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| {figures['seconds']:.1f} s | {figures['peak_kb'] / 1024:.0f} MB | {figures['shards']}"
          f" | {figures['pages']} | {figures['bytes'] / 1e6:.1f} MB | {figures['files']} |\n")
    print("| query | time to first results | index bytes fetched | index requests | first result |")
    print("| --- | --- | --- | --- | --- |")
    for row in query_in_browser(output):
        print(f"| {row['query']} | {row['ms']:.0f} ms | {row['bytes'] / 1024:.0f} KB"
              f" | {row['requests']} | {row['first']} |")


if __name__ == "__main__":
    main()

"""Lighthouse scores of the portal's main page types, as a phone sees them.

Builds the sample site as a public site (publishconf.py, SITEURL = where it is
served), serves it with Debian's nginx as the README recommends (gzip, and
Pagefind's files as gzip), and runs Lighthouse (npm, benchmarks/lighthouse)
with Debian's chromium and Lighthouse's default mobile emulation and
throttling on the home, article, official, event and search pages. Prints a
table of the four category scores and the audits that cost points.

    npm ci --ignore-scripts --prefix benchmarks/lighthouse   # once
    .venv/bin/python benchmarks/lighthouse_scores.py [--content DIR] [--runs N]

With ``--runs N`` each page is measured N times and the median is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "plugins")]

from servers import nginx  # noqa: E402

LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SAMPLE = ROOT / "tests" / "sites" / "sample"


def build(content: Path, output: Path, siteurl: str) -> None:
    """A public build of ``content`` for ``siteurl``, in a process of its own."""
    script = ("import os, sys; sys.path[:0] = [sys.argv[4]];"
              "from building.sitebuild import build, load_settings;"
              "build(load_settings(sys.argv[1], sys.argv[2], sys.argv[3]))")
    subprocess.run([sys.executable, "-c", script, str(ROOT / "publishconf.py"), str(content),
                    str(output), str(ROOT / "plugins")], check=True, cwd=ROOT,
                   env={**os.environ, "SITEURL": siteurl}, capture_output=True)


def pages(output: Path) -> dict[str, str]:
    """One URL of each page type to score (paths from the site's root): the
    reference report of 2019 when the sample is built, else the first."""
    def first(pattern: str) -> str:
        found = sorted(output.glob(pattern + "/index.html"))
        seed = [p for p in found if "/2019/" in p.as_posix()]
        return "/" + (seed or found)[0].parent.relative_to(output).as_posix() + "/"

    return {"trang chủ": "/", "bài viết": first("tin-tuc/*/*/*"), "cán bộ": first("can-bo/*"),
            "sự kiện": first("su-kien/*/*-*-*"), "tìm kiếm": "/tim-kiem/"}


def lighthouse(url: str, work: Path) -> dict:
    """Lighthouse's report of ``url`` (mobile emulation, default throttling)."""
    report = work / "report.json"
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
                    f"--output-path={report}", f"--chrome-path={CHROMIUM}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
                    f"--only-categories={','.join(CATEGORIES)}"], check=True, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(report: dict) -> list[str]:
    """The audits that keep a category under 100: id and score."""
    lost = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{category['id']}: {ref['id']} ({audit['score']:.2f})")
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit("chưa có Lighthouse: npm ci --ignore-scripts --prefix benchmarks/lighthouse")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        sys.exit("chưa có nginx: python3 tests/bootstrap.py cài nó")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        work.chmod(0o755)  # mkdtemp makes it 0700: nginx's workers could not read it
        (work / "site").mkdir()
        with nginx(work / "site", work / "nginx", gzip=True) as siteurl:
            build(args.content.resolve(), work / "site", siteurl)
            print(f"{'trang':<10} " + " ".join(f"{c:>15}" for c in CATEGORIES))
            problems: dict[str, list[str]] = {}
            for name, path in pages(work / "site").items():
                runs = [lighthouse(siteurl + path, work) for _ in range(args.runs)]
                scores = [statistics.median(round(100 * r["categories"][c]["score"])
                                            for r in runs) for c in CATEGORIES]
                print(f"{name:<10} " + " ".join(f"{s:>15.0f}" for s in scores), flush=True)
                problems[f"{name} {path}"] = lost_points(runs[-1])
    for page, lost in problems.items():
        if lost:
            print(f"\n{page}:\n  " + "\n  ".join(lost))


if __name__ == "__main__":
    main()

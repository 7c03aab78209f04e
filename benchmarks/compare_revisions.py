#!/usr/bin/env python3
"""Two revisions of the portal, side by side on one corpus, in one run.

usage: python benchmarks/compare_revisions.py BEFORE AFTER [--size 10000] [--edits 3]
                                              [--work DIR]

Checks both revisions out as worktrees (``git worktree``, under WORK), then
builds the same generated corpus (tests/corpus/gen_corpus.py) with each: a
cold build apiece, then ``--edits`` rounds in which one report's body is
edited once and each revision builds again, alternating, so that a machine
whose speed drifts during the run weighs on both alike. Each revision has its
own output and cache folder. Prints wall time, peak memory (PSS of the
process tree, as build_bench.py measures it) and the phases of every build.
Timings are not asserted anywhere: this is a measuring tool.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bench  # noqa: E402  (same folder)

ROOT = build_bench.ROOT
CONF = """import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F401,F403
CACHE_PATH = {cache!r}
THEME = {theme!r}
"""


def checkout(revision: str, folder: Path) -> str:
    """``revision`` as a detached worktree in ``folder``; its commit."""
    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    if folder.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT,
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["git", "worktree", "add", "--force", "--detach", "-q", str(folder), commit],
                   cwd=ROOT, check=True)
    return commit


def build(tree: Path, work: Path, name: str, corpus: Path, label: str) -> build_bench.Run:
    """One build of the revision checked out in ``tree``."""
    settings = work / f"{name}-conf.py"
    settings.write_text(CONF.format(root=str(tree), cache=str(work / f"{name}-cache"),
                                    theme=str(tree / "theme")), encoding="utf-8")
    log = work / f"{name}-{label}.log"
    env_path = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree / "plugins")  # its own plugins, not the installed ones
    try:
        seconds, peak, peak_at = build_bench.measure(
            [build_bench.PY, "-m", "building.sitebuild", "build", "--settings", str(settings),
             "--content", str(corpus), "--output", str(work / f"{name}-output")], log, cwd=tree)
    finally:
        if env_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = env_path
    return build_bench.Run(f"{name} {label}", seconds, peak,
                           phases=build_bench.phases(log, seconds),
                           peak_phase=build_bench.phase_at(log, peak_at))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-compare"))
    args = parser.parse_args()
    work = args.work
    for name in ("before", "after"):
        shutil.rmtree(work / f"{name}-output", ignore_errors=True)
        shutil.rmtree(work / f"{name}-cache", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    trees = {"before": work / "tree-before", "after": work / "tree-after"}
    commits = {name: checkout(revision, trees[name])
               for name, revision in (("before", args.before), ("after", args.after))}
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    try:
        subprocess.run([build_bench.PY, str(build_bench.GEN), str(args.size), str(corpus)],
                       check=True)
        runs = [build(trees[name], work, name, corpus, "cold") for name in ("before", "after")]
        for round_ in range(1, args.edits + 1):
            build_bench.edit(corpus, f"compare {round_}")
            runs += [build(trees[name], work, name, corpus, f"edit {round_}")
                     for name in ("before", "after")]
    finally:  # the checkouts go; outputs, caches and logs stay in WORK
        for tree in trees.values():
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           capture_output=True)
    print(f"### {args.size} reports: before {commits['before']}, after {commits['after']}\n")
    print("| build | wall | peak memory | peak during |")
    print("| --- | ---: | ---: | --- |")
    for run in runs:
        print(f"| {run.label} | {run.seconds:.1f} s | {run.peak_mb:.0f} MB | {run.peak_phase} |")
    print()
    print(build_bench.phase_table(runs))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        raise SystemExit("compare_revisions: stopped (Ctrl-C)") from None

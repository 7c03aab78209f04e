#!/usr/bin/env python3
"""How well the extractor finds officials in real-style prose: precision and
recall of names, positions and chair roles over the labelled set in
``tests/extraction/cases/`` (each ``NN-*.txt`` article with its ``NN-*.yaml``
answer key; see the README there).

usage: python benchmarks/extraction_eval.py [--cases DIR]... [--verbose]

One table per set: ``cases/`` (the development set), ``heldout/`` and
``heldout2/`` (written later by writers who did not see the extractor).

* names: a found official is right when the key lists that name (one tone
  placement, NFC, case kept); precision over found, recall over the key;
* positions: each (name, position) pair, compared after collapsing spaces
  and tone placement;
* chair: the people whose role is chủ trì or đồng chủ trì;
* roles: the share of rightly found officials with the key's role;
* meeting: kind, date and place of the lead, and the terms, per case.

Also counts names in ``not_people`` that came out as officials (must be 0).
Prints a table; exits 0. Targets (issue 20): names recall ≥ 90 %, precision
≥ 98 %, positions ≥ 85 %, chair ≥ 90 %.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import yaml  # noqa: E402

import vntext  # noqa: E402
from importing.articles import from_text  # noqa: E402
from reading.extract import ROLE_CHAIR, ROLE_COCHAIR, extract  # noqa: E402

CASES = ROOT / "tests" / "extraction" / "cases"


def norm(text: str) -> str:
    """One spelling for comparing: NFC, one tone placement, spaces collapsed."""
    return vntext.canonical_tones(vntext.collapse(str(text)))


class Score:
    """Counts of true positives, found and expected, for one measure."""

    def __init__(self) -> None:
        self.right = self.found = self.expected = 0

    def add(self, found: set, expected: set) -> None:
        self.right += len(found & expected)
        self.found += len(found)
        self.expected += len(expected)

    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def run_case(text: str, key: dict) -> dict:
    """Extract from one article; the sets to compare with its key."""
    article = from_text(text)
    year = article.published.year if article.published else key.get("year")
    result = extract("\n\n".join(b.text for b in article.blocks), year, article.title,
                     byline=False)
    people = result.people
    chairs = (ROLE_CHAIR, ROLE_COCHAIR)
    want = key.get("people") or []
    meeting = key.get("meeting") or {}
    return {
        "names": ({norm(p.name) for p in people}, {norm(p["name"]) for p in want}),
        "positions": ({(norm(p.name), norm(x)) for p in people for x in p.positions},
                      {(norm(p["name"]), norm(x)) for p in want for x in p["positions"]}),
        "chair": ({norm(p.name) for p in people if p.role in chairs},
                  {norm(p["name"]) for p in want if p["role"] in chairs}),
        "roles": ({(norm(p.name), p.role) for p in people},
                  {(norm(p["name"]), p["role"]) for p in want}),
        "traps": {norm(p.name) for p in people} & {norm(n) for n in key.get("not_people") or []},
        "meeting": {
            "kind": (result.meeting.kind, meeting.get("kind")),
            "date": (result.meeting.date and result.meeting.date.isoformat(),
                     meeting.get("date") and str(meeting.get("date"))),
            "place": (result.meeting.place, meeting.get("place")),
            "terms": (sorted(norm(t) for t in result.terms),
                      sorted(norm(t) for t in key.get("terms") or [])),
        },
    }


def evaluate(folder: Path, verbose: bool) -> None:
    """Print the figures for the cases in ``folder``."""
    scores = {name: Score() for name in ("names", "positions", "chair", "roles")}
    meeting_right = {name: 0 for name in ("kind", "date", "place", "terms")}
    traps: list[str] = []
    cases = sorted(folder.glob("*.txt"))
    for path in cases:
        key = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        outcome = run_case(path.read_text(encoding="utf-8"), key)
        for name, score in scores.items():
            found, expected = outcome[name]
            if name == "roles":  # over the officials found rightly only
                right = {n for n, _ in found} & {n for n, _ in expected}
                found = {x for x in found if x[0] in right}
                expected = {x for x in expected if x[0] in right}
            score.add(found, expected)
            if verbose and found != expected:
                print(f"{path.name} {name}: thừa {sorted(found - expected)}"
                      f" thiếu {sorted(expected - found)}")
        traps += [f"{path.name}: {name}" for name in sorted(outcome["traps"])]
        for name, (got, want) in outcome["meeting"].items():
            meeting_right[name] += got == want
            if verbose and got != want:
                print(f"{path.name} meeting {name}: {got!r} ≠ {want!r}")
    print(f"### {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}: "
          f"{len(cases)} bài, {scores['names'].expected} cán bộ trong đáp án\n")
    print("| đo | precision | recall | F1 |")
    print("| --- | --- | --- | --- |")
    for name, score in scores.items():
        p, r = score.precision(), score.recall()
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {name} | {p:.1%} | {r:.1%} | {f1:.1%} |")
    print()
    for name, right in meeting_right.items():
        print(f"meeting {name}: {right}/{len(cases)} đúng")
    print(f"tên không phải cán bộ bị nhận là cán bộ: {len(traps)}"
          + "".join(f"\n  {t}" for t in traps) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=Path, action="append",
                        help="a folder of cases (default: every set under tests/extraction/)")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    folders = args.cases or sorted({p.parent for p in (ROOT / "tests" / "extraction").glob(
        "*/*.yaml")})
    for folder in folders:
        evaluate(folder.resolve(), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())

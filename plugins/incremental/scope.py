"""Which pages a body-only edit can have changed, without fingerprinting all.

Every build used to compute the fingerprint of every page (330 000 at
100 000 reports: most of a one-edit build). Most edits change words of a
report's body and nothing else. This module tells the writer when that is
all that changed, and which pages can show the changed bodies.

**Facts** are everything a build reads except report bodies: the settings,
theme and code (the global digest), every article's and page's metadata as
read (the people its prose names included), address, status, and the
officials its first mentions link to, and every other file of the content
folder (registry, pictures…) by name, size and time. When the facts equal
the last build's, every object a fingerprint reads is what it was then,
except what is made of the changed bodies. A fingerprint reads a body only
through :meth:`Fingerprints.content` (listings and feeds through their
digests of it), whose uses each page records (:meth:`page_and_sources`), and
through ``page_inputs`` (the home page's summaries, the clock), whose digest
is kept per template. So a page keeps its last key unless it read a changed
body, its template's inputs changed, or it is new; any other difference in
the facts fingerprints every page, as before.

The digests of the bodies that did not change (what a listing shows of a
report, and its body) are the last build's too: a page that lists every
report (the search page, the 404 page…) is fingerprinted without digesting
every body again.

A report whose size and modification time are unchanged is not read again
(see :mod:`reading.readcache`): its facts are taken from the last build's,
and the saved facts are always those of the build that saved them (when any
fact changed, every report's are made again).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

import parallel
from building import state as buildstate
from incremental import fingerprint
from reading.fields import Participant

#: the state file's kind (see :mod:`building.state`)
KIND = "scope"


#: what the reader finds in a body, each with the line it is on
_FOUND_ON_LINES = ("mentions", "unlisted", "unfilled")


def facts_of(item: Any) -> str:
    """Digest of what a build reads of ``item`` besides its body."""
    return fingerprint.digest_of((
        item.source_path, type(item).__name__, getattr(item, "status", ""),
        getattr(item, "url", ""), getattr(item, "save_as", ""),
        without_lines(fingerprint.plain_metadata(item)),
        list(getattr(item, "first_mentions", ()))))


def without_lines(metadata: dict[str, Any]) -> dict[str, Any]:
    """``metadata`` without the lines of what was found in the body: a line
    added above a named person moves them, yet no page shows a line (only
    the checks' messages do, made afresh by every build). So such an edit is
    still a body-only edit."""
    plain = dict(metadata)
    for key in _FOUND_ON_LINES:
        if isinstance(plain.get(key), (list, tuple)):
            plain[key] = [_unlined(entry) for entry in plain[key]]
    return plain


def _unlined(entry: Any) -> Any:
    if isinstance(entry, Participant):
        return (entry.name, entry.position, entry.role)
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], int):
        return entry[1]  # (line, message)
    return entry


def signature(path: str) -> list[int]:
    """Size and modification time of a file ([-1, -1] when it is gone)."""
    try:
        stat = os.stat(path)
    except OSError:
        return [-1, -1]
    return [stat.st_size, stat.st_mtime_ns]


def other_files(content: str, sources: set[str]) -> str:
    """Digest of every file of the content folder that is not a report or a
    page (registry, pictures, static files): names, sizes and times."""
    digest = hashlib.sha256()
    for root, folders, names in os.walk(content):
        folders.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            if path not in sources:
                digest.update(f"{os.path.relpath(path, content)}\0{signature(path)}\n".encode())
    return digest.hexdigest()


@dataclass
class Scope:
    """This build's facts, and what the last build left to compare them with."""

    paths: list[str]
    signatures: list[list[int]]
    facts: list[str]
    digest: str
    old: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: dict[str, Any], output: str, items: list[Any],
           global_digest: str) -> "Scope":
        """The facts of ``items`` (every article and page, drafts and
        translations too) and of the rest of the content folder."""
        old = buildstate.load(settings, output, KIND)
        known = old.get("sources", {}) if old.get("global") == global_digest else {}
        paths = [item.source_path for item in items]
        signatures = [signature(path) for path in paths]
        facts: list[str | None] = []
        for item, path, stamp in zip(items, paths, signatures):
            kept = known.get(path)
            same = kept is not None and kept[0] == stamp and stamp[0] >= 0
            facts.append(kept[1] if same else None)
        fresh = [n for n, found in enumerate(facts) if found is None]

        def make(numbers: list[int]) -> str:
            """Make the facts of ``items[n]`` for ``numbers`` (on every core);
            the digest of all facts."""
            for n, found in zip(numbers, parallel.on_every_core(
                    facts_of, [items[n] for n in numbers], parallel.workers(settings))):
                facts[n] = found
            return fingerprint.digest_of([global_digest, sorted(zip(paths, facts)), others])

        others = other_files(settings["PATH"], set(paths))
        digest = make(fresh)
        if old.get("facts") == digest and len(set(paths)) == len(paths):
            return cls(paths, signatures, facts, digest, old)
        # other facts changed: those kept from the last build may be stale (an
        # official added elsewhere is now linked in an unchanged report), and
        # the next build compares with these: every one made again
        made = set(fresh)
        digest = make([n for n in range(len(items)) if n not in made])
        return cls(paths, signatures, facts, digest, {})

    @property
    def bodies_only(self) -> bool:
        """Whether the facts are the last build's (only bodies may differ)."""
        return bool(self.old)

    def changed(self) -> set[str]:
        """Reports and pages whose file changed since the last build."""
        known = self.old.get("sources", {})
        return {path for path, stamp in zip(self.paths, self.signatures)
                if known.get(path, [None])[0] != stamp}

    def reads(self) -> dict[str, list[str]]:
        """The last build's pages, each with the paths of the bodies it read."""
        paths = self.old.get("paths", [])
        return {page: [paths[n] for n in numbers]
                for page, numbers in self.old.get("reads", {}).items()}

    def bodies(self) -> dict[str, list[str | None]]:
        """The last build's digests of each body (see :meth:`Fingerprints.bodies`)."""
        return self.old.get("bodies", {})

    def inputs(self) -> dict[str, str]:
        """The last build's digest of each template's ``page_inputs``."""
        return self.old.get("inputs", {})

    def save(self, settings: dict[str, Any], output: str, global_digest: str,
             reads: dict[str, list[str]], inputs: dict[str, str],
             bodies: list[list[str | None]]) -> None:
        """Keep this build's facts, the bodies each page read, each template's
        inputs digest and each body's digests, for the next build."""
        number = {path: n for n, path in enumerate(self.paths)}
        buildstate.save(settings, output, KIND, {
            "global": global_digest, "facts": self.digest, "paths": self.paths,
            "sources": {path: [stamp, facts] for path, stamp, facts
                        in zip(self.paths, self.signatures, self.facts)},
            "reads": {page: [number[p] for p in read if p in number]
                      for page, read in reads.items() if read},
            "inputs": inputs, "bodies": dict(zip(self.paths, bodies))})

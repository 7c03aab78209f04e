"""Build the Pagefind index of a built site, one shard per year.

One Pagefind index grows with every page it holds; a shard per year keeps
memory flat and lets one year be re-indexed alone. The browser merges the
shards it needs (``mergeIndex``). A manifest (``shards.json``) lists them.

Changed shards are written next to the live index and moved in only when
every one is complete and verified, so a failed run leaves the old index;
unchanged shards stay in place.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.service import QuickService

import outputfiles
from building import state as buildstate

from search.settings import other_pages, page_pages, year_roots

logger = logging.getLogger(__name__)

MANIFEST = "shards.json"
#: pages of a full shard when the site sets no limit (SEARCH_SHARD_PAGES = 0)
DEFAULT_SHARD_PAGES = 1500
#: one copy of Pagefind's script for the search page to preload (every shard has the same)
SCRIPT = "pagefind.js"
#: a shard indexed by another Pagefind is indexed again (its files and script go together)
PAGEFIND = importlib.metadata.version("pagefind")
_YEAR = re.compile(r"^\d{4}$")


class SearchIndexError(RuntimeError):
    """The index could not be built or is incomplete."""


@dataclass(frozen=True)
class Shard:
    """One independent Pagefind index: an id and the glob of its pages; a
    year's shard may hold only some of its months."""

    id: str
    glob: str
    year: int | None = None
    months: tuple[int, ...] = ()


_MONTH = re.compile(r"^(0[1-9]|1[0-2])$")


_SORT_MONTH = re.compile(rb'data-pagefind-sort="date">\d{4}-(\d{2})')


@dataclass
class _Month:
    pages: int = 0
    extra: list[str] = field(default_factory=list)  # opting-in pages outside month folders


def _months(output: Path, year_roots: list[str], year: int) -> dict[int, _Month] | None:
    """Pages per month of ``year``: its month folders (``…/<yyyy>/<mm>/…``),
    and the opting-in pages outside them (an event's page), by the month of
    their sort date. None if such a page has no date: the year stays whole."""
    months: dict[int, _Month] = {}
    for root in year_roots:
        folder = output / root / str(year)
        if not folder.is_dir():
            continue
        for child in os.scandir(folder):  # a month folder counts, even empty
            if child.is_dir() and _MONTH.match(child.name):
                months.setdefault(int(child.name), _Month())
        prefix = f"{root}/{year}/"
        for page in _matching(output, f"{prefix}**/*.html"):  # the year's pages
            first, inside, _ = page[len(prefix):].partition("/")
            if inside and _MONTH.match(first):  # in a month folder
                months.setdefault(int(first), _Month()).pages += 1
                continue
            opts_in, sort_month = _marks(output, page)
            if not opts_in:
                continue  # not indexed: the year's archive, most events
            if not sort_month:
                return None
            month = months.setdefault(sort_month, _Month())
            month.pages += 1
            month.extra.append(page)
    return months


def _groups(months: dict[int, _Month], limit: int) -> list[list[int]]:
    """Consecutive months, newest first, about ``limit`` pages per group."""
    groups: list[list[int]] = [[]]
    pages = 0
    for month in sorted(months, reverse=True):
        if groups[-1] and pages + months[month].pages > limit:
            groups.append([])
            pages = 0
        groups[-1].append(month)
        pages += months[month].pages
    return [sorted(group) for group in groups if group]


def plan(output: Path, year_roots: list[str], other_pages: str | None, pages: str | None = None,
         shard_pages: int = 0) -> list[Shard]:
    """The shards of a built site: one per year found under ``year_roots``,
    newest first (a year of more than ``shard_pages`` pages, laid out by
    month, split into groups of months), then the record pages, then the
    site's own pages."""
    years = sorted({int(child.name) for root in year_roots if (output / root).is_dir()
                    for child in (output / root).iterdir()
                    if child.is_dir() and _YEAR.match(child.name)}, reverse=True)
    roots = _alternatives(year_roots)
    shards = []
    for year in years:
        months = _months(output, year_roots, year) if shard_pages > 0 else None
        if not months or sum(m.pages for m in months.values()) <= shard_pages:
            shards.append(Shard(str(year), f"{roots}/{year}/**/*.html", year))
            continue
        for group in _groups(months, shard_pages):
            patterns = [f"{root}/{year}/{m:02d}/**/*.html" for root in year_roots for m in group]
            patterns += [page for m in group for page in months[m].extra]
            shards.append(Shard(f"{year}-{group[0]:02d}", _alternatives(patterns), year,
                                tuple(group)))
    shards += [Shard("records", other_pages)] if other_pages else []
    return shards + ([Shard("pages", pages)] if pages else [])


async def _index_shard(site: Path, shard: Shard, target: Path, names: list[str]) -> int:
    """Index the pages of ``names`` that opt in into ``target``; their number."""
    loop = asyncio.get_running_loop()
    view = target.with_name(f".pages-{shard.id}")
    try:
        pages = await loop.run_in_executor(None, _view, site, names, view)
        if not pages:
            return 0  # no page of this shard opts in
        config = {"output_path": str(target), "force_language": "vi"}
        async with QuickService() as service:
            index = await service.create_index(config)
            await index.add_directory(str(view))
            await index.write_files()
            # Pagefind answers before every file is on disk; closing the
            # service then can leave empty files. Wait until they settle.
            await _settled(target)
            shorter_waits(target / "pagefind.js")
    finally:
        await loop.run_in_executor(None, functools.partial(shutil.rmtree, view,
                                                           ignore_errors=True))
    # one fragment is written per page indexed
    fragments = target / "fragment"
    return len(os.listdir(fragments)) if fragments.is_dir() else 0


def _view(site: Path, names: list[str], view: Path) -> int:
    """Link the pages of ``names`` that opt in (carry ``data-pagefind-body``)
    into ``view`` at the same relative paths, so that Pagefind reads that
    folder instead of the whole site: given the site and a glob, it walks
    every file of the site for each shard (hundreds of thousands of files,
    seconds a shard at 100 000 reports), and parses the pages that do not
    opt in (most event pages) before it drops them. Their addresses are the
    same: relative to the folder given. Returns how many were linked."""
    linked = 0
    made: set[str] = set()
    for name in names:
        if not _marks(site, name)[0]:
            continue
        link = os.path.join(view, name)
        folder = os.path.dirname(link)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(site / name, link)
        except OSError:  # no hard links here: a copy reads the same
            shutil.copyfile(site / name, link)
        linked += 1
    return linked


#: Pagefind's JavaScript waits for its WebAssembly in steps of 50 ms (every
#: search started before it is ready, every index merged); 5 ms steps let the
#: first search start as soon as it is ready instead of up to 50 ms later
_POLL, _SHORTER_POLL = b"asyncSleep(50)", b"asyncSleep(5)"


def shorter_waits(script: Path) -> bool:
    """Shorten the waits of Pagefind's ``pagefind.js``; False (and a warning)
    when this version of Pagefind has none to shorten."""
    code = script.read_bytes()
    if _POLL not in code:
        logger.warning("%s: không thấy %s để rút ngắn (phiên bản Pagefind khác?)",
                       script, _POLL.decode())
        return False
    script.write_bytes(code.replace(_POLL, _SHORTER_POLL))
    return True


async def _settled(folder: Path, timeout: float = 120.0) -> None:
    """Wait until the entry file parses and no file grows between two looks."""
    deadline = asyncio.get_running_loop().time() + timeout
    previous = None
    while asyncio.get_running_loop().time() < deadline:
        try:
            json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            sizes = sorted((str(p), p.stat().st_size) for p in folder.rglob("*") if p.is_file())
        except (OSError, ValueError):
            sizes = None
        if sizes is not None and sizes == previous and all(size for _, size in sizes):
            return
        previous = sizes
        await asyncio.sleep(0.1)
    raise SearchIndexError(f"{folder}: tệp chỉ mục vẫn chưa đủ sau {timeout:.0f} s")


def verify(folder: Path) -> bytes:
    """Fail loudly if Pagefind left an empty or missing file behind; return
    the shard's entry file (``pagefind-entry.json``)."""
    entry = folder / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError(f"{folder}: không có tệp pagefind-entry.json")
    raw = entry.read_bytes()
    try:
        json.loads(raw)
    except ValueError:
        raise SearchIndexError(f"{folder}: pagefind-entry.json không phải JSON hợp lệ") from None
    empty = [str(p.relative_to(folder)) for p in folder.rglob("*")
             if p.is_file() and p.stat().st_size == 0]
    if empty:
        raise SearchIndexError(f"{folder}: tệp chỉ mục rỗng: {', '.join(sorted(empty)[:5])}")
    if not (folder / "pagefind.js").is_file() or not list(folder.glob("wasm.*.pagefind")):
        raise SearchIndexError(f"{folder}: thiếu pagefind.js hoặc tệp wasm của nó")
    return raw


def kept_start(folder: Path, language: str) -> dict[str, str] | None:
    """:func:`files_to_start` of a shard left from an earlier build, if the
    files a search starts with are still there (the entry, Pagefind's script,
    the metadata and WebAssembly it names); else None: index it again. It was
    verified whole when it was indexed (:func:`verify` walks every file:
    tens of thousands for a large site, at every build)."""
    try:
        raw = (folder / "pagefind-entry.json").read_bytes()
        start = files_to_start(raw, language)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    needed = [folder / "pagefind.js", folder / start["meta"], folder / start["wasm"]]
    return start if all(path.is_file() and path.stat().st_size for path in needed) else None


def files_to_start(entry: bytes, language: str) -> dict[str, str]:
    """What the search page fetches before Pagefind asks, to start a shard
    sooner: a tag naming this version of the entry file (Pagefind's
    ``metaCacheTag``: the entry's URL stays the same while it does), and the
    names of its metadata and WebAssembly files for ``language`` (else for
    the language with most pages, as Pagefind chooses)."""
    languages = json.loads(entry)["languages"]
    chosen = languages.get(language) or max(languages.values(), key=lambda i: i["page_count"])
    return {"tag": hashlib.sha256(entry).hexdigest()[:12],
            "meta": f"pagefind.{chosen['hash']}.pf_meta",
            "wasm": f"wasm.{chosen.get('wasm') or 'unknown'}.pagefind"}


#: most Pagefind processes at once, however small their shards
MAX_PROCESSES = 8


class _Budget:
    """Pages being indexed at once: a shard takes its page count (at most the
    whole budget, so a bigger one runs alone) and gives it back when done."""

    def __init__(self, pages: int) -> None:
        self.total = self.free = max(1, pages)
        self.changed = asyncio.Condition()

    async def take(self, pages: int) -> int:
        pages = min(max(1, pages), self.total)
        async with self.changed:
            await self.changed.wait_for(lambda: self.free >= pages)
            self.free -= pages
        return pages

    async def give(self, pages: int) -> None:
        async with self.changed:
            self.free += pages
            self.changed.notify_all()


async def _build_all(site: Path, shards: list[Shard], staging: Path, jobs: int,
                     shard_pages: int = 0, names: dict[str, list[str]] | None = None
                     ) -> dict[str, int]:
    """Index ``shards`` into ``staging``: ``jobs`` full shards at once (memory
    grows with the pages a Pagefind process holds), and as many small ones as
    fit the same number of pages, up to :data:`MAX_PROCESSES`. Small shards
    mostly wait (for a process to start, for Pagefind's replies), so running
    them together is what makes a small site's index quick."""
    processes = asyncio.Semaphore(max(1, min(MAX_PROCESSES, len(shards))))
    budget = _Budget(max(1, jobs) * (shard_pages or DEFAULT_SHARD_PAGES))
    counts: dict[str, int] = {}
    names = names or {shard.id: pages_of(site, shard) for shard in shards}
    sizes = {shard.id: len(names[shard.id]) for shard in shards}

    async def one(shard: Shard) -> None:
        async with processes:
            taken = await budget.take(sizes[shard.id])
            try:
                counts[shard.id] = await _index_shard(site, shard, staging / shard.id,
                                                      names[shard.id])
            finally:
                await budget.give(taken)

    # Let every shard finish (its Pagefind process exits) before reporting a
    # failure, so nothing is still writing when the staging folder is removed.
    outcomes = await asyncio.gather(*(one(shard) for shard in shards), return_exceptions=True)
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    if failures:
        raise SearchIndexError(f"lập chỉ mục tìm kiếm thất bại: {failures[0]}") from failures[0]
    return counts


MARKER = b"data-pagefind-body"


def check_glob(glob: str, setting: str) -> None:
    """Refuse a glob whose braces do not pair up, or that leaves the site
    (absolute, ``..``): it would match nothing, or the wrong files."""
    depth = 0
    for char in glob:
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            break
    if depth != 0 or glob.startswith("/") or ".." in re.split(r"[/{},]", glob):
        raise SearchIndexError(
            f"{setting}: mẫu {glob!r} không dùng được (ngoặc nhọn không thành cặp, hay trỏ ra"
            " ngoài thư mục trang); viết như '{can-bo,chuc-danh}/**/*.html'")


def _alternatives(parts: list[str]) -> str:
    """One glob matching any of ``parts``: ``{a,b}``, or ``a`` alone."""
    return parts[0] if len(parts) == 1 else "{" + ",".join(parts) + "}"


#: what this build learnt of each page, by site-relative name: [inode, size,
#: mtime (ns), opts in, month of its sort date]; emptied when the build ends
_MARKS: dict[str, list] = {}
#: the same, as the last build left it: trusted for a page whose file is the
#: same (inode, size, time), so an unchanged page is not read again
_KNOWN: dict[str, list] = {}


def _marks(site: Path, name: str) -> tuple[bool, int | None]:
    """Whether the page ``name`` opts in, and the month of its sort date."""
    found = _MARKS.get(name)
    if found is None:
        found = _MARKS[name] = _learn(os.path.join(site, name), _KNOWN.get(name))
    return bool(found[3]), found[4]


def _learn(path: str, known: list | None) -> list:
    try:
        stat = os.stat(path)
        same = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
        if known and known[:3] == same:
            return known
        text = Path(path).read_bytes()
    except OSError:
        return [None, None, None, True, None]  # let Pagefind report it; never kept
    opts_in = MARKER in text
    found = _SORT_MONTH.search(text) if opts_in else None
    return [*same, opts_in, int(found.group(1)) if found else None]


def _expand(glob: str) -> list[str]:
    """``{a,b}/x/**/*.html`` → ``a/x/**/*.html``, ``b/x/**/*.html``."""
    match = re.search(r"\{([^{}]*)\}", glob)
    if not match:
        return [glob]
    return [expanded for option in match.group(1).split(",")
            for expanded in _expand(glob[:match.start()] + option + glob[match.end():])]


def pages_of(site: Path, shard: Shard) -> list[str]:
    """The files of a shard's glob (site-relative names, sorted)."""
    return sorted({name for pattern in _expand(shard.glob) for name in _matching(site, pattern)})


def sources(site: Path, shard: Shard, names: list[str] | None = None) -> str:
    """Digest of the files a shard indexes (names, sizes, modification times);
    ``names``: :func:`pages_of` already listed."""
    digest = hashlib.sha256()
    root = str(site)
    for name in pages_of(site, shard) if names is None else names:
        stat = os.stat(os.path.join(root, name))
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8"))
    return digest.hexdigest()


def _matching(site: Path, pattern: str) -> list[str]:
    """Site-relative names (``a/b.html``) of the files matching ``pattern``;
    ``folder/**/*.ext`` from the site's one listing (:mod:`outputfiles`), in
    plain strings (pathlib's recursive glob is several times slower on big trees)."""
    folder, recursive, suffix = pattern.partition("/**/*")
    if not recursive or any(c in folder + suffix for c in "*?[{"):
        return [path.relative_to(site).as_posix() for path in site.glob(pattern)]
    if not folder or folder.startswith("/") or ".." in folder.split("/"):
        return []  # outside the site: nothing of it is indexed
    return outputfiles.under(site, folder, suffix)


def build_index(site: Path, settings: dict[str, Any]) -> dict[str, Any]:
    """Index ``site`` into ``site/<SEARCH_OUTPUT>/``; return the manifest.

    A shard whose pages did not change since the last build (same names,
    sizes and times) is kept from the current index instead of re-indexed.
    """
    site = Path(site).resolve()
    outputfiles.forget(site)  # the pages as written now, listed once (the sitemap's too)
    others = other_pages(settings)
    if others is not None:
        check_glob(others, "SEARCH_OTHER_PAGES")
    _MARKS.clear()
    _KNOWN.clear()
    _KNOWN.update(buildstate.load(settings, str(site), "marks"))
    final = site / settings["SEARCH_OUTPUT"]
    staging = site / f".{settings['SEARCH_OUTPUT']}-new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shards = plan(site, year_roots(settings), others, page_pages(settings),
                  settings["SEARCH_SHARD_PAGES"])
    previous = buildstate.load(settings, str(site), "shards")
    state, counts, todo = {}, {}, []
    language = settings["DEFAULT_LANG"]
    starts: dict[str, dict[str, str] | None] = {}  # the kept shards' files_to_start
    names: dict[str, list[str]] = {}  # each shard's files, listed once
    try:
        for shard in shards:
            names[shard.id] = pages_of(site, shard)
            known = previous.get(shard.id)
            if not known:  # nothing to compare: its digest is taken while it is indexed
                todo.append(shard)
                continue
            source = sources(site, shard, names[shard.id])
            state[shard.id] = _state(source)
            same = all(known.get(key) == value for key, value in state[shard.id].items())
            start = kept_start(final / shard.id, language) if same and known["pages"] else None
            if same and (start is not None or not known["pages"]):
                counts[shard.id] = known["pages"]  # stays where it is
                starts[shard.id] = start
            else:
                todo.append(shard)
        with ThreadPoolExecutor(max_workers=1) as pool:
            indexing = pool.submit(asyncio.run, _build_all(site, todo, staging,
                                                           settings["SEARCH_JOBS"],
                                                           settings["SEARCH_SHARD_PAGES"],
                                                           names))
            for shard in shards:
                if shard.id not in state:
                    state[shard.id] = _state(sources(site, shard, names[shard.id]))
            counts.update(indexing.result())
        listed, fresh = [], {shard.id for shard in todo}
        for shard in shards:
            state[shard.id]["pages"] = counts.get(shard.id, 0)
            if counts.get(shard.id):
                start = (files_to_start(verify(staging / shard.id), language)
                         if shard.id in fresh else starts[shard.id])
                listed.append({"id": shard.id, "year": shard.year,
                               "months": list(shard.months) or None,
                               "path": f"{shard.id}/", "pages": counts[shard.id], **start})
        manifest = {"shards": listed, "default_pages": settings["SEARCH_DEFAULT_PAGES"]}
        if listed:
            first = listed[0]["id"]
            _share_script((staging if first in fresh else final) / first, staging, final)
            manifest["script"] = SCRIPT
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
        # what is known of every page still there: learnt now (a shard's pages, and
        # those looked at to split a year by month: an event's page that does not
        # opt in is in no shard, and was read again by every build), else kept
        # from before (a shard left as it was did not look at its pages)
        marks = {name: found for listing in names.values() for name in listing
                 if (found := _KNOWN.get(name)) and found[0] is not None}
        marks.update((name, found) for name, found in _MARKS.items() if found[0] is not None)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _MARKS.clear()
        _KNOWN.clear()
    _swap(staging, final, [shard.id for shard in todo])
    buildstate.save(settings, str(site), "shards", state)
    buildstate.save(settings, str(site), "marks", marks)
    logger.info("Tìm kiếm: %d trang trong %d phần chỉ mục (lập lại %d phần)", sum(counts.values()),
                len(listed), len(todo))
    return manifest


def _state(source: str) -> dict[str, Any]:
    """What a shard is remembered by: its pages' digest and the Pagefind that
    indexed it (its files and the script that reads them go together)."""
    return {"source": source, "pagefind": PAGEFIND}


def _share_script(shard: Path, staging: Path, final: Path) -> None:
    """The one copy of Pagefind's script, from ``shard``, staged unless the
    live one is the same."""
    script = (shard / SCRIPT).read_bytes()
    if not (final / SCRIPT).is_file() or (final / SCRIPT).read_bytes() != script:
        (staging / SCRIPT).write_bytes(script)


def _swap(staging: Path, final: Path, indexed: list[str]) -> None:
    """Put the shards indexed afresh (in ``staging``) and the new manifest in
    ``final``, shard by shard with renames; the shards that did not change
    stay where they are (no copy of their thousands of files); shards the
    manifest no longer lists go. Nothing in ``final`` changes before every
    shard is indexed and verified."""
    if not final.exists():
        os.replace(staging, final)
        return
    manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    listed = {shard["id"] for shard in manifest["shards"]}
    replaced = [name for name in (SCRIPT, MANIFEST) if (staging / name).exists()]
    trash = final.with_name(final.name + ".old")
    shutil.rmtree(trash, ignore_errors=True)
    trash.mkdir()
    for entry in sorted(os.listdir(final)):
        if entry not in (SCRIPT, MANIFEST) and (entry in indexed or entry not in listed):
            os.replace(final / entry, trash / entry)
    for entry in indexed:
        if (staging / entry).exists() and entry in listed:
            os.replace(staging / entry, final / entry)
    for name in replaced:  # the script before the manifest that names it
        os.replace(staging / name, final / name)
    if "script" not in manifest and (final / SCRIPT).exists():  # no shard, no script
        os.replace(final / SCRIPT, trash / SCRIPT)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(trash, ignore_errors=True)

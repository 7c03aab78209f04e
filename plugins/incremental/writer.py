"""A Pelican writer that defers writes, skips unchanged pages and runs the
rest on several processes."""

from __future__ import annotations

import contextlib
import logging
import re
import os
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from jinja2 import meta
from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

import cachefiles
import languages
from building import state as buildstate
import parallel

from incremental import fingerprint, scope

logger = logging.getLogger(__name__)


def render_page(template: Any, context: dict[str, Any], name: str, values: dict[str, Any],
                relative_urls: bool = False) -> tuple[str, dict[str, Any]]:
    """One page's HTML, as Pelican's writer renders it (the only renderer: the
    live server writes a saved report's pages with it too), and its context."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
    local["output_file"] = name
    local.update(values)
    return template.render(local), local


def _newest(context: dict[str, Any]) -> datetime:
    """The date of the site's newest report (an empty feed's date), found
    when a feed is empty, not for every feed: a scan of every report each."""
    articles = context.get("articles", [])
    return max((a.date for a in articles), default=datetime(1970, 1, 1, tzinfo=timezone.utc))


def shared_bodies(contexts: Any, jobs: int = 1) -> None:
    """Resolve and clean every report's body (``context["all_content"]``)
    once, here, before the render processes fork: each page a report appears
    on (its own, listings, feeds) then finds it done, and the processes share
    one copy of it instead of each making and keeping its own (a gigabyte at
    100 000 reports). Its summary too, made on ``jobs`` processes: listings
    in every render process show nearly every report, so each process cut
    every summary again. Only worth it when most pages are rendered: an edit
    build renders a few."""
    lists = {id(c["all_content"]): c["all_content"] for c in contexts if "all_content" in c}
    for items in lists.values():  # the generators' copies of the context share the list
        for item in items:
            item.content  # noqa: B018 - memoised by Pelican
        summaries = parallel.on_every_core(_summary, items, jobs)
        for item, summary in zip(items, summaries):
            remember_summary(item, summary)


def _all_content(contexts: Any) -> list[Any] | None:
    """Every article and page of the build (``context["all_content"]``), or
    None when no plugin lists them."""
    for context in contexts:
        if "all_content" in context:
            return context["all_content"]
    return None


def _summary(item: Any) -> str:
    return item.summary


def remember_summary(item: Any, summary: str) -> None:
    """Keep ``summary`` as the one Pelican's ``summary`` returns for ``item``
    (its ``get_summary`` is memoised per object and address of the site)."""
    item.get_summary.cache[(item, item.get_siteurl())] = summary


@contextlib.contextmanager
def compiled(templates: Any) -> Iterator[None]:
    """For the block (the pages being rendered): every template that
    ``templates`` extend, include or import compiled once, before the
    processes that render are forked (each would compile its own, a third of
    a second), and not looked up on disk again (Jinja checks a template's
    file at every ``import``: a file's time read tens of thousands of times).
    A template edited during the build is seen by the next one."""
    seen: set[tuple[int, str]] = set()
    todo = [(template.environment, template.name) for template in templates
            if getattr(template, "environment", None) is not None]
    environments = {id(env): env for env, _ in todo}
    while todo:
        env, name = todo.pop()
        if not isinstance(name, str) or (id(env), name) in seen:
            continue
        seen.add((id(env), name))
        try:
            env.get_template(name)
            source = env.loader.get_source(env, name)[0]
            todo += [(env, found) for found in meta.find_referenced_templates(env.parse(source))]
        except Exception:  # noqa: BLE001 - rendering the page reports it
            continue
    reloading = {key: env.auto_reload for key, env in environments.items()}
    for env in environments.values():
        env.auto_reload = False
    try:
        yield
    finally:
        for key, env in environments.items():
            env.auto_reload = reloading[key]


def _call(function: Callable[[], Any]) -> Any:
    return function()


def _run(function: Callable[[], Any]) -> None:
    function()  # what it returns (a feed object…) stays in the worker


class WriteError(RuntimeError):
    """A page could not be written by a worker process."""


class PortalWriter(Writer):
    """Records writes; :meth:`flush` performs them on ``WRITER_JOBS`` processes,
    rendering only pages whose inputs changed since the last build."""

    #: writers with pending jobs (class-level so the ``finalized`` receiver
    #: reaches the one Pelican created for this build)
    _pending: list["PortalWriter"] = []

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.jobs: list[tuple[Callable[..., Any], tuple, dict]] = []
        self.raw: dict[str, tuple[Any, Callable[[], str | bytes]]] = {}
        self.shared: list[Any] = []
        self._inputs: dict[str, Any] = {}  # template → what its page_inputs gave
        self.produced: set[str] = set()
        PortalWriter._pending.append(self)

    # -- recording (generate_output phase) --------------------------------------
    def write_file(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102 (Pelican API)
        self.jobs.append((PortalWriter._write_pages, args, kwargs))

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):  # noqa: D102 (Pelican API)
        if path:
            items = list(elements[: self.settings["FEED_MAX_ITEMS"]])
            self.jobs.append((PortalWriter._write_feed, (items, context, path, url, feed_type,
                                                         override_output, feed_title), {}))

    def write_raw(self, name: str, inputs: Any, render: Callable[[], str | bytes]) -> None:
        """A file that is not a template (calendar, JSON, CSV): rendered by
        ``render()`` only when ``inputs`` changed."""
        self.raw[name] = (inputs, render)

    def share_inputs(self, objects: list[Any]) -> None:
        """Objects with a ``fingerprint()`` that many pages show (records: an
        event is on its page, its calendar, its month and the open data):
        digested first, once each, on every core — not again by every
        worker whose share of pages shows them."""
        self.shared += objects

    # -- running (finalized) ----------------------------------------------------------
    @classmethod
    def flush_all(cls) -> None:
        while cls._pending:
            cls._pending.pop(0).flush()

    def flush(self) -> None:
        """Expand jobs into pages, skip unchanged ones, render the rest in parallel."""
        old = buildstate.load(self.settings, self.output_path, "pages")
        digest = fingerprint.global_digest(self.settings, self.settings["THEME"],
                                           cachefiles.code_version())
        templates = {id(args[1]): args[1] for method, args, _ in self.jobs
                     if method is PortalWriter._write_pages and len(args) > 1}
        contexts = {id(args[2]): args[2] for method, args, _ in self.jobs
                    if method is PortalWriter._write_pages and len(args) > 2}
        items = _all_content(contexts.values())
        seen = scope.Scope.of(self.settings, self.output_path, items, digest) \
            if items is not None else None
        prints = fingerprint.Fingerprints(digest, {id(item): n for n, item in
                                                   enumerate(items or ())})
        scoped = seen is not None and seen.bodies_only and bool(old)
        changed = seen.changed() if scoped else set()
        self._know_bodies(prints, items or [], seen if scoped else None, changed)
        pending: list[tuple[str, Callable[[], tuple[str, list[int]]], Callable[[], None],
                            str | None]] = []
        self._inputs = {}
        for method, args, kwargs in self.jobs:
            pending += method(self, prints, *args, **kwargs)
        for name, (inputs, render) in self.raw.items():
            pending.append((name, lambda name=name, inputs=inputs: prints.page_and_sources(
                "raw", name, {}, inputs), lambda name=name, render=render: self._write_raw(
                    name, render()), None))
        self.jobs, self.raw = [], {}
        inputs = {name: fingerprint.digest_of(prints.value(value))
                  for name, value in self._inputs.items()}
        shared, self.shared = self.shared, []
        keys, reads = self._page_keys(pending, prints, old, seen if scoped else None, changed,
                                      inputs, shared, seen.paths if seen is not None else [])
        pages = [(name, key, render) for (name, _, render, _), key in zip(pending, keys)]
        bodies = [prints.bodies(item) for item in items or ()]
        names = [name for name, _, _ in pages]
        if len(names) != len(set(names)):
            twice = sorted({n for n in names if names.count(n) > 1})[:5]
            raise WriteError(f"hai trang sẽ ghi vào cùng một tệp: {twice}")
        todo = [(name, render) for name, key, render in pages
                if old.get(name) != key or not os.path.exists(self._path(name))]
        self.produced = set(names)
        pending, prints = [], None  # let the fingerprint memo go before rendering
        logger.info("Trang: %d cần dựng, %d không đổi", len(todo), len(pages) - len(todo))
        if 2 * len(todo) > len(pages):  # most pages: bodies every process will need
            shared_bodies(contexts.values(), parallel.workers(self.settings))
        # compiled ahead only for forked workers: a few pages here compile what they use
        ahead = parallel.forks(len(todo), parallel.workers(self.settings))
        with compiled(templates.values() if ahead else ()):
            self._parallel([render for _, render in todo])
        logger.info("Trang: đã ghi %d", len(todo))
        root = os.path.abspath(self.output_path)
        for gone in sorted(set(old) - self.produced):  # written last time, not any more
            path = sanitised_join(self.output_path, gone)
            if os.path.lexists(path):
                os.unlink(path)
            folder = os.path.dirname(path)
            while folder != root and os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)  # leave no empty folders behind
                folder = os.path.dirname(folder)
        buildstate.save(self.settings, self.output_path, "pages",
                        {name: key for name, key, _ in pages})
        if seen is not None:
            produced = self.produced
            seen.save(self.settings, self.output_path, digest,
                      {page: read for page, read in reads.items() if page in produced}, inputs,
                      bodies)

    def _path(self, name: str) -> str:
        """``sanitised_join(output, name)``, joined plainly when ``name`` cannot
        leave the output (relative, no ``..``): tens of thousands of pages a build."""
        if name.startswith("/") or ".." in name:
            return sanitised_join(self.output_path, name)
        return os.path.join(self.output_path, name)

    def _know_bodies(self, prints: fingerprint.Fingerprints, items: list[Any],
                     seen: scope.Scope | None, changed: set[str]) -> None:
        """Give ``prints`` every body's digest: the last build's for unchanged bodies of a
        scoped build (``seen``), else each digested once on every core."""
        if seen is not None:
            known = seen.bodies()
            same = [n for n, path in enumerate(seen.paths) if path not in changed and path in known]
            prints.know_bodies([items[n] for n in same], [known[seen.paths[n]] for n in same])
        elif items:
            prints.know_bodies(items, parallel.on_every_core(
                prints.bodies, items, parallel.workers(self.settings)))

    def _page_keys(self, pending: list[tuple[str, Callable[[], tuple[str, list[int]]],
                                             Callable[[], None], str | None]],
                   prints: fingerprint.Fingerprints, old: dict[str, str],
                   seen: scope.Scope | None, changed: set[str], inputs: dict[str, str],
                   shared: list[Any], paths: list[str]) -> tuple[list[str], dict[str, list[str]]]:
        """Every pending page's key, and which bodies each page computed here read.

        In a scoped build (``seen``: only bodies changed since the last build) a page
        keeps its last key unless it is new, showed a changed body or its inputs
        changed; otherwise every page is computed. ``paths`` names the bodies by number."""
        if seen is not None:
            reads = seen.reads()
            touched = {page for page, read in reads.items() if changed.intersection(read)}
            last = seen.inputs()
            again = [n for n, (name, _, _, of) in enumerate(pending)
                     if name not in old or name in touched
                     or (of is not None and last.get(of) != inputs[of])]
            logger.info("Trang: %d trang, %d cần so với lần dựng trước (chỉ phần thân của %d bài"
                        " đổi)", len(pending), len(again), len(changed))
        else:
            again = list(range(len(pending)))
            reads = {}
            prints.know(shared, self._parallel_keys(
                [lambda obj=obj: fingerprint.digest_of(obj.fingerprint()) for obj in shared]))
            logger.info("Trang: %d trang để so với lần dựng trước", len(pending))
        found = dict(zip(again, self._parallel_keys([pending[n][1] for n in again])))
        keys = []
        for n, (name, _, _, _) in enumerate(pending):
            if n in found:
                key, used = found[n]
                reads[name] = [paths[i] for i in used]
                keys.append(key)
            else:
                keys.append(old[name])
        return keys, reads

    def _parallel_keys(self, work: list[Callable[[], Any]]) -> list[Any]:
        """Every page's fingerprint, computed on ``WRITER_JOBS`` processes."""
        return parallel.on_every_core(_call, work, parallel.workers(self.settings))

    def _parallel(self, work: list[Callable[[], None]]) -> None:
        """Render pages on ``WRITER_JOBS`` processes."""
        parallel.on_every_core(_run, work, parallel.workers(self.settings))

    # -- pages ---------------------------------------------------------------------------
    def _write_pages(self, prints: fingerprint.Fingerprints, name, template, context, relative_urls=False,
                     paginated=None, template_name=None, override_output=False, url=None,
                     **kwargs) -> list[tuple[str, Callable[[], str], Callable[[], None]]]:
        """Pelican's write_file, page by page: (output name, digest to compute, render)."""
        if not name:
            return []
        of = template_name or template.name
        inputs_of = context.get("page_inputs", {}).get(of)
        inputs = inputs_of() if inputs_of else None
        if inputs_of:
            self._inputs[of] = inputs
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        pages = []
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                        or self.settings["DEFAULT_PAGINATION"])
            paginators = {key: Paginator(name, url, val, self.settings, per_page)
                          for key, val in paginated.items()}
            for number in range(next(iter(paginators.values())).num_pages):
                page_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    page = paginator.page(number + 1)
                    page_kwargs.update({
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(number) if number else None,
                        f"{key}_next_page": paginator.page(number + 2)
                        if number + 1 < paginator.num_pages else None,
                    })
                pages.append(self._page(prints, template, context, page.save_as, page_kwargs,
                                        relative_urls, override_output, inputs,
                                        of if inputs_of else None))
        else:
            pages.append(self._page(prints, template, context, name, kwargs, relative_urls,
                                    override_output, inputs, of if inputs_of else None))
        return pages

    def _page(self, prints, template, context, name, kwargs, relative_urls, override, inputs,
              inputs_of):
        key = lambda: prints.page_and_sources(template.name, name, kwargs, inputs)  # noqa: E731

        def render() -> None:
            html, local = render_page(template, context, name, kwargs, relative_urls)
            self._write_text(name, html, override)
            signals.content_written.send(sanitised_join(self.output_path, name), context=local)

        return name, key, render, inputs_of

    def _write_feed(self, prints, items, context, path, url, feed_type, override, title):
        page = context.get("feed_pages", {}).get(path)
        key = lambda: prints.sources_read(lambda: prints.page(  # noqa: E731
            "feed", path, {}, (feed_type, url or path, title, page,
                               [prints.feed_item(i) for i in items])))

        lang = self._feed_lang(path)
        if lang and not title:
            title = languages.endonym(lang)

        def render() -> None:
            self._feed_page = page
            self._feed_language = lang or self.settings.get("DEFAULT_LANG")
            Writer.write_feed(self, items, context, path, url, feed_type, override, title)

        return [(path, key, render, None)]

    _feed_page: str | None = None
    _feed_language: str | None = None

    def _feed_lang(self, path: str) -> str | None:
        """The language of a translation feed (``TRANSLATION_FEED_ATOM``), from its path."""
        for key in ("TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"):
            pattern = self.settings.get(key)
            if pattern and "{lang}" in pattern:
                before, _, after = str(pattern).partition("{lang}")
                match = re.fullmatch(re.escape(before) + r"([A-Za-z0-9-]+)" + re.escape(after),
                                     path)
                if match:
                    return match.group(1)
        return None

    def _create_new_feed(self, feed_type: str, feed_title: str, context: dict[str, Any]) -> Any:
        """Pelican's feed, with an id of its own (its URL) and, for a record's
        feed, the record's page as its alternate link (``feed_pages`` in the
        context: feed path → page URL) instead of the home page; an empty one
        is dated by the newest report of the site, not by the clock: the same
        content gives the same bytes."""
        feed = super()._create_new_feed(feed_type, feed_title, context)
        feed.feed["id"] = self.feed_url
        feed.feed["language"] = self._feed_language
        if self._feed_page:
            feed.feed["link"] = self._feed_page
        dated = feed.latest_post_date
        feed.latest_post_date = lambda: dated() if feed.items else _newest(context)
        return feed

    # -- files -------------------------------------------------------------------------
    def _open_w(self, filename, encoding, override=False):
        """Replace, never overwrite in place: the previous output may share the
        file (hard links) and must stay intact until the new one is complete."""
        if os.path.lexists(filename) and filename not in self._written_files:
            os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def _write_text(self, name: str, text: str, override: bool = False) -> None:
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with self._open_w(path, "utf-8", override=override) as handle:
            handle.write(text)

    def _write_raw(self, name: str, data: str | bytes) -> None:
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.lexists(path):
            os.unlink(path)
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)


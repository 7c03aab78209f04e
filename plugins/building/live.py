"""Live preview: serve the site on 127.0.0.1 and, when a report is saved,
write its pages — the report, its event, its officials, its terms — within
a second; a full build in the background then brings everything else
(listings, feeds, search) up to date and swaps it in.

The first build runs in this process and its records model is kept (see
:class:`records.resolve_edit.Site`). Run ``python -m building.live --help``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.utils import sanitised_join

import cachefiles
from building import state as buildstate
from building import livereload
from building import sitebuild

logger = logging.getLogger(__name__)
_generators: list[Any] = []


def _keep_generators(generators: list[Any]) -> None:
    _generators[:] = generators


class LiveSite:
    """The built site and its records, updated one saved report at a time."""

    def __init__(self, settings: dict[str, Any], settings_file: Path,
                 events: livereload.Events | None = None) -> None:
        self.settings, self.settings_file = settings, settings_file
        self.content = Path(settings["PATH"])
        self.output = Path(settings["OUTPUT_PATH"])
        self.events = events or livereload.Events()

    @property
    def ready(self) -> bool:
        """A full build succeeded: saved reports can be applied one by one."""
        return hasattr(self, "site")

    def rebuild(self) -> bool:
        """A full build in this process (while none succeeded yet); its errors
        go to the open pages. True when it succeeded."""
        from records.validate import ERROR, ContentProblems

        try:
            self.build()
        except ContentProblems as problems:
            self.events.build_finished([str(p) for p in problems.problems
                                        if p.severity == ERROR])
            return False
        self.events.build_finished([])
        self.events.written()
        return True

    def build(self) -> None:
        """The first, full build; keeps its generators and records model."""
        from records.generator import RecordsGenerator
        from records.resolve_edit import Site

        signals.all_generators_finalized.connect(_keep_generators)
        try:
            sitebuild.build(self.settings)
        finally:
            signals.all_generators_finalized.disconnect(_keep_generators)
        self.articles = next(g for g in _generators if hasattr(g, "articles"))
        self.records = next(g for g in _generators if isinstance(g, RecordsGenerator))
        self.context = self.records.context
        # which report each written page belongs to: a saved report may not take
        # another's page, nor the home page (save_as: index.html)
        self.owners = {item.save_as: os.path.abspath(item.source_path)
                       for key in ("articles", "drafts", "hidden_articles", "pages",
                                   "hidden_pages", "draft_pages")
                       for item in self.context.get(key, ()) if getattr(item, "save_as", "")}
        self.site = Site(self.context["articles"], self.records.records,
                         self.records.registry, self.records.settings)
        # pages were rendered in forked workers: compile this process's templates now
        self.articles.get_template("article")
        for name in ("event", "official", "term"):
            self.records.get_template(name)
        gc.collect()
        gc.freeze()  # the model stays: no collection walks its million objects again

    def apply(self, path: Path) -> dict[str, str]:
        """Read one saved report and write its pages; returns them (name → HTML).

        Drafts and anything but a published article are left to the full
        build. A report that cannot be read, or whose pages cannot be made,
        changes nothing: its problem goes to the terminal and to the open
        pages, and the server goes on.
        """
        from reading.errors import ContentError

        try:
            pages = self._apply(path)
        except ContentError as error:
            logger.error("%s", error)
            self.events.problem(str(path), str(error))
            return {}
        except Exception as error:  # noqa: BLE001 - the preview never stops on content
            message = (f"{os.path.relpath(path)}:1: không cập nhật được trang của bài"
                       f" ({type(error).__name__}); bản dựng đầy đủ sẽ báo chi tiết")
            logger.error("%s", message)
            self.events.problem(str(path), message)
            return {}
        self.events.problem(str(path), None)
        if pages:
            self.events.written()
        return pages

    def _apply(self, path: Path) -> dict[str, str]:
        relative = os.path.relpath(path, self.content)
        article = self.articles.readers.read_file(
            base_path=str(self.content), path=relative, content_class=Article,
            context=self.context)
        if getattr(article, "status", "") != "published" or not article.is_valid():
            return {}
        from records.generator import freeze_urls, taxonomy_of

        freeze_urls([article])
        freeze_urls(taxonomy_of(article))
        self._claim(article, path)
        update = self.site.update(article)
        pages = {article.save_as: self._render(
            self.articles.get_template(article.template), article.save_as, article=article,
            category=getattr(article, "category", None), url=article.url, blog=True)}
        for template, records, name in (("event", update.events, "event"),
                                        ("official", update.officials, "official"),
                                        ("term", update.terms, "term")):
            for record in records:
                pages[record.save_as] = self._render(self.records.get_template(template),
                                                     record.save_as, url=record.url,
                                                     **{name: record})
        self.write(pages)
        return pages

    def _claim(self, article: Any, path: Path) -> None:
        """Refuse a page another report, or the site, already has."""
        from reading.errors import ContentError, display_path

        mine = os.path.abspath(path)
        owner = self.owners.get(article.save_as)
        if owner == mine or (owner is None and not (self.output / article.save_as).exists()):
            self.owners[article.save_as] = mine
            return
        lines = getattr(article, "source_lines", {})
        raise ContentError(display_path(str(path)),
                           lines.get("save_as", lines.get("slug", lines.get("title", 1))),
                           f"trang /{article.url} đã có (của "
                           f"{display_path(owner) if owner else 'trang web'}); đặt 'slug' hoặc"
                           " 'save_as' khác")

    def _render(self, template: Any, name: str, **values: Any) -> str:
        from incremental.writer import render_page

        return render_page(template, self.context, name, values,
                           self.settings["RELATIVE_URLS"])[0]

    def write(self, pages: dict[str, str]) -> None:
        """Replace each page whole (a reader never sees half of one); the next
        build renders them again rather than trusting its fingerprints."""
        for name, html in pages.items():
            cachefiles.write_atomic(Path(sanitised_join(str(self.output), name)),
                                    html.encode("utf-8"))
        state = buildstate.load(self.settings, str(self.output), "pages")
        if any(name in state for name in pages):
            for name in pages:
                state.pop(name, None)
            buildstate.save(self.settings, str(self.output), "pages", state)


def _cache_argument(settings: dict[str, Any]) -> list[str]:
    """The background build's ``--cache``: the live site's own cache folder
    (the settings file alone may name another, or none)."""
    return ["--cache", str(settings["CACHE_PATH"])] if settings.get("CACHE_PATH") else []


class Watcher:
    """Waits for saved files (inotify, through watchfiles): reports go
    through :meth:`LiveSite.apply` at once, then every change starts (or
    queues) one full build in the background."""

    def __init__(self, live: LiveSite) -> None:
        self.live = live
        self.paths = [live.content, Path(live.settings["THEME"]), live.settings_file]
        self.background: subprocess.Popen | None = None
        self.said: list[str] = []  # what the background build printed
        self.queued = False
        self.during: dict[str, str] = {}  # pages written while a build ran

    def step(self, changed: set[str]) -> None:
        """Apply saved reports; start or finish the background build."""
        if changed and not self.live.ready:  # no build succeeded yet: try a whole one
            self.live.rebuild()
            return
        reports = [path for path in sorted(changed) if path.endswith(".md")
                   and os.path.isfile(path) and Path(path).is_relative_to(self.live.content)]
        self._apply(reports)
        if changed:
            self.queued = True
        if self.background is not None and self.background.poll() is not None:
            if self.background.returncode == 0 and self.during:
                self.live.write(self.during)  # the swap replaced them with older ones
            self.live.events.build_finished(self.said if self.background.returncode else [])
            if self.background.returncode == 0:
                self.live.events.written()
            self.background, self.during = None, {}
        if self.queued and self.background is None:
            self.queued = False
            self.background = subprocess.Popen(
                [sys.executable, "-m", "building.sitebuild", "build", "--settings",
                 str(self.live.settings_file), "--content", str(self.live.content),
                 "--output", str(self.live.output), *_cache_argument(self.live.settings)],
                stderr=subprocess.PIPE, text=True,
                preexec_fn=lambda: os.nice(10))  # the next save comes first
            self.said = []
            threading.Thread(target=self._relay, args=(self.background, self.said),
                             daemon=True).start()

    @staticmethod
    def _relay(build: subprocess.Popen, said: list[str]) -> None:
        """Show what the background build says, and keep it for the open pages."""
        for line in build.stderr:
            sys.stderr.write(line)
            said.append(line.rstrip("\n"))

    def _apply(self, reports: list[str]) -> None:
        for path in reports:
            started = time.perf_counter()
            pages = self.live.apply(Path(path))
            if pages:
                logger.info("%s: cập nhật %d trang trong %.2f s", os.path.relpath(path),
                            len(pages), time.perf_counter() - started)
            if self.background is not None:
                self.during.update(pages)

    def run(self, stop: threading.Event | None = None) -> None:
        """Watch until interrupted (or ``stop`` is set); a running full build
        is then stopped (it removes its temporary folder)."""
        import watchfiles  # Pelican's own dependency for --autoreload

        try:
            for changes in watchfiles.watch(*self.paths, step=20, rust_timeout=250,
                                            yield_on_timeout=True, stop_event=stop):
                self.step({path for _, path in changes})
        finally:
            if self.background is not None and self.background.poll() is None:
                self.background.terminate()
                self.background.wait()


def main(argv: list[str] | None = None) -> int:
    """Command line: build, serve, then update on every save until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m building.live", description=__doc__.split("\n")[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true",
                        help="không mở trang, chỉ dựng lại khi có thay đổi")
    args = parser.parse_args(argv)
    sitebuild.log_progress()
    logger.setLevel(logging.INFO)
    sitebuild.on_sigterm_stop()
    settings = sitebuild.load_settings(args.settings, args.content, args.output)
    live = LiveSite(settings, args.settings.resolve())
    from records.settings import SettingsError

    try:
        if not live.rebuild():
            print("Nội dung có lỗi (xem trên): trang xem trước hiện các lỗi và tự dựng lại"
                  " khi bạn sửa.", file=sys.stderr, flush=True)
    except SettingsError as error:
        print(f"Không dựng: {error}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    if not args.no_serve:
        livereload.serve(live.output, args.host, args.port, live.events)
        print(f"Đang phục vụ http://{args.host}:{args.port}/", flush=True)
    print(f"Theo dõi {live.content}: lưu một bài là trang của bài cập nhật ngay"
          " — Ctrl-C để dừng.", flush=True)
    try:
        Watcher(live).run()
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sitebuild.exit_now(main())  # no wait on threads the first build's search left

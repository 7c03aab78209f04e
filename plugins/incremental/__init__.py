"""Writer plugin: only changed pages are rendered, on every core.

Pelican renders and writes every page, one after another. This plugin's
writer records each ``write_file``/``write_feed`` call instead; when all
generators are done (the ``finalized`` signal, before search indexing and
the sitemap, which need the files) it expands them into pages, compares each
page's input fingerprint with the last build's (``CACHE_PATH``), renders only
the pages whose inputs changed (or whose file is missing) in ``WRITER_JOBS``
forked processes, and deletes pages it wrote last time that no longer exist.
Forked children share the built context copy-on-write: nothing is pickled.
When only report bodies changed since the last build, only the pages that
showed those bodies are fingerprinted again (see :mod:`incremental.scope`).

Its seams, declared (other plugins need none of them; without this plugin,
Pelican's own writer writes every page, every time):

* ``write_raw(name, inputs, render)``: a file that is not a template
  (calendar, JSON, CSV), rendered only when ``inputs`` changed;
* ``share_inputs(objects)``: objects many pages show, digested once;
* an object with ``fingerprint()`` (plain data: what its pages show), as a
  page variable or attached to an article, is part of that page's inputs;
* ``context["page_inputs"]``: template name → function returning what a page
  built from whole-site lists shows;
* ``context["all_content"]``: every article and page (drafts, hidden ones and
  translations too), whose bodies are cleaned once before rendering forks
  when most pages are rendered.

It must come before ``search`` and ``sitemap`` in PLUGINS (they read the
written pages when the build ends); another order is refused with one line.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from settingstable import SettingsError

from incremental.settings import apply_defaults
from building.pelican_patches import install, speed_up
from incremental.writer import PortalWriter

__all__ = ["PortalWriter", "register"]


#: plugins that read the written pages when the build ends: they must come after
READERS_OF_OUTPUT = ("search", "sitemap")


def add_defaults(pelican: Any) -> None:
    """Give every writer setting its default unless pelicanconf set it; refuse a
    plugin order in which the search index or the sitemap would run before
    the pages are written."""
    apply_defaults(pelican.settings)
    names = [getattr(p, "__name__", str(p)).split(".")[-1] for p in pelican.settings["PLUGINS"]]
    if "incremental" not in names:  # loaded some other way: nothing to order
        return
    late = [name for name in READERS_OF_OUTPUT if name in names
            and names.index(name) < names.index("incremental")]
    if late:
        raise SettingsError(f"pelicanconf.py: PLUGINS phải có 'incremental' trước"
                            f" {', '.join(repr(n) for n in late)}: chúng đọc các trang đã ghi"
                            " khi bản dựng kết thúc")


def get_writer(pelican: Any) -> type[PortalWriter]:
    """Use the parallel writer for this build."""
    return PortalWriter


def flush(pelican: Any) -> None:
    """Write every recorded page before anything reads the output."""
    PortalWriter.flush_all()


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    install()
    signals.initialized.connect(add_defaults)
    signals.get_writer.connect(get_writer)
    signals.article_generator_finalized.connect(speed_up)
    signals.finalized.connect(flush)

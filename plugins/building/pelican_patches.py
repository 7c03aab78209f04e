"""Every patch of Pelican's internals, in one place, each written against
the Pelican series :data:`SERIES` (``pelican`` is pinned to it in
pyproject.toml). On another version the speed-ups are left out, with one line
saying so, and Pelican's own versions run; the content-class patch, which the
portal's safety depends on, refuses to run (:class:`settingstable.SettingsError`).

**Speed-ups.** Linear-time replacements for three quadratic spots, and a
memoised slugify.

Pelican filters lists of articles with ``article in some_list`` on plain
lists: per tag, category and author page, per year and month archive, and
once more when it separates translations. At 10 000 articles that costs
seconds; at 100 000 (years of ~10 000 reports each) the archives alone
would take minutes. Content objects define no equality, so ``in`` meant
identity all along: the replacements test identity through a set and give
the same lists in the same order. The tag, category and author pages also
scan the whole site once each (every article, for each of a thousand
authors at 100 000 reports): theirs filter their own articles instead
(:func:`dated`).

Every report read gets its own category, tag and author objects, and each
computes its slug again: 40 000 slugifies of the same few hundred names at
10 000 reports. :func:`slugify` remembers them (it is a pure function).

Pelican formats every date through its own ``strftime``, which splits the
format with regular expressions to support ``%-d``; :func:`safe_strftime`
leaves formats without such flags to Python's (the same text, a tenth of
the time: every report's date is formatted when it is read).

Every address Pelican formats asks for the report's path relative to the
content folder, three absolute-path computations each time (50 000 at
10 000 reports): :func:`relative_source_path` remembers them.

Pelican's reader and article generator stamp every report (its file's
modification time) on the way in and out of their caches, four ``stat`` a
report, even when caching is off and the caches are empty, as here:
:func:`cache_data` and :func:`get_cached_data` skip the stamp then.
"""

from __future__ import annotations

import calendar
import logging
import os
import re
from collections import defaultdict
from datetime import datetime
from functools import cached_property, lru_cache
from itertools import groupby
from operator import attrgetter
from typing import Any, Callable, Iterable

import pelican
from pelican import cache, contents, generators, urlwrappers, utils

from settingstable import SettingsError

logger = logging.getLogger(__name__)

#: the Pelican series every patch here was written against and tested with
SERIES = "4.12"


def tested() -> bool:
    """Whether the installed Pelican is of :data:`SERIES`."""
    return pelican.__version__.startswith(f"{SERIES}.")


class Members(list):
    """A list whose membership test is one set lookup (by identity)."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._ids = {id(item) for item in self}

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids


def speed_up(generator: Any) -> None:
    """``article_generator_finalized``: taxonomy lists become :class:`Members`
    (tag, category and author pages filter the dated list with ``in``)."""
    if hasattr(generator, "tags"):
        for tag, articles in generator.tags.items():
            generator.tags[tag] = Members(articles)
    for attribute in ("categories", "authors"):
        pairs = getattr(generator, attribute, None)
        if pairs:  # in place: the context holds the same list
            pairs[:] = [(key, Members(items)) for key, items in pairs]


def process_translations(content_list: list[Any], translation_id: Any = None
                         ) -> tuple[list[Any], list[Any]]:
    """:func:`pelican.utils.process_translations`, with its last filter by set."""
    if not translation_id:
        return content_list, []
    if isinstance(translation_id, str):
        translation_id = {translation_id}
    key = attrgetter(*translation_id)
    content_list.sort(key=key)
    index: list[Any] = []
    for id_vals, items in groupby(content_list, key):
        id_vals = (id_vals,) if len(translation_id) == 1 else id_vals
        with_str = "with" + ", ".join([' {} "{{}}"'] * len(translation_id)).format(
            *translation_id).format(*id_vals)
        items = list(items)
        index.extend(utils.get_original_items(items, with_str))
        for item in items:
            item.translations = [x for x in items if x is not item]
    originals = {id(item) for item in index}
    return index, [x for x in content_list if id(x) not in originals]


def build_period_archives(self: Any, sorted_articles: list[Any], articles: list[Any],
                          settings: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``ArticlesGenerator._build_period_archives`` with the per-period filter by set."""
    archives: dict[str, list[dict[str, Any]]] = defaultdict(list)
    keys = {"year": attrgetter("date.year"),
            "month": attrgetter("date.year", "date.month"),
            "day": attrgetter("date.year", "date.month", "date.day")}
    for granularity, key in keys.items():
        save_as = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as:
            continue
        in_period: dict[Any, list[Any]] = defaultdict(list)  # one pass, in ``articles`` order
        for article in articles:
            in_period[key(article)].append(article)
        for period, group in groupby(sorted_articles, key=key):
            dates = list(group)
            inside = {id(article) for article in dates}
            first = dates[0].date
            archive = {"dates": dates,
                       "articles": [a for a in in_period.get(period, []) if id(a) in inside],
                       "save_as": save_as.format(date=first), "url": url.format(date=first)}
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                name = calendar.month_name[period[1]]
                archive["period"] = ((period[0], name) if granularity == "month"
                                     else (period[0], name, period[2]))
                archive["period_num"] = tuple(period)
            archives[granularity].append(archive)
    return archives


@lru_cache(maxsize=1 << 16)
def _slugify(value: str, regex_subs: tuple[tuple[str, str], ...], preserve_case: bool,
             use_unicode: bool) -> str:
    return ORIGINALS["slugify"](value, regex_subs, preserve_case, use_unicode)


def slugify(value: str, regex_subs: Iterable[tuple[str, str]] = (), preserve_case: bool = False,
            use_unicode: bool = False) -> str:
    """:func:`pelican.utils.slugify`, remembered per arguments."""
    subs = tuple((pattern, replacement) for pattern, replacement in regex_subs)
    return _slugify(value, subs, preserve_case, use_unicode)


_DIRECTIVE = re.compile("%[-]?.")  # as Pelican's strftime finds them
_C89 = "aAbBcdfGHIjmMpSUuVwWxXyYzZ%"  # the directives Pelican's strftime formats


@lru_cache(maxsize=256)
def _plain_format(fmt: str) -> bool:
    """Whether Pelican's strftime formats ``fmt`` as Python's does: C89
    directives only, no ``-`` flag, no stray ``%``."""
    return ("%" not in _DIRECTIVE.sub("", fmt)
            and all(len(d) == 2 and d[1] in _C89 for d in _DIRECTIVE.findall(fmt)))


def safe_strftime(self: utils.SafeDatetime, fmt: str, safe: bool = True) -> str:
    """:meth:`pelican.utils.SafeDatetime.strftime`, by Python's strftime where
    that gives the same text."""
    if not safe or _plain_format(fmt):
        return datetime.strftime(self, fmt)
    return utils.strftime(self, fmt)


def dated(order: dict[int, int], dates: list[Any], articles: Iterable[Any]) -> list[Any]:
    """``[a for a in dates if a in articles]`` (Pelican's filter, by identity)
    from ``articles``' side: ``order`` maps each dated article's ``id`` to its
    place in ``dates``. Linear in ``articles``, not in the whole site."""
    found = {id(a): a for a in articles if id(a) in order}
    return [dates[place] for place in sorted(order[key] for key in found)]


_KINDS = {"tag": "chủ đề", "category": "chuyên mục", "author": "tác giả"}


def _taxonomy_pages(kind: str, pairs: Callable[[Any], Iterable[tuple[Any, Any]]]
                    ) -> Callable[[Any, Callable[..., Any]], None]:
    """Pelican's ``generate_tags``/``generate_categories``/``generate_authors``:
    the same ``write`` calls, but each page's ``dates`` made by :func:`dated`
    (Pelican scans every article of the site for each tag, category and
    author: 1 000 × 100 000 tests at 100 000 reports)."""
    def generate(self: Any, write: Callable[..., Any]) -> None:
        template = self.get_template(kind)
        order = {id(article): place for place, article in enumerate(self.dates)}
        for item, articles in pairs(self):
            try:
                write(item.save_as, template, self.context, url=item.url, **{kind: item},
                      articles=articles, dates=dated(order, self.dates, articles),
                      template_name=kind, blog=True, page_name=item.page_name,
                      all_articles=self.articles)
            except generators.FileOverwriteFailedError:
                if item.slug:
                    logger.error('Không ghi được trang %s "%s".', _KINDS[kind], item)
                    raise
                logger.info('Bỏ qua trang %s "%s": tên không cho một địa chỉ hợp lệ.',
                            _KINDS[kind], item)

    generate.__name__ = f"generate_{kind}s" if kind != "category" else "generate_categories"
    return generate


generate_tags = _taxonomy_pages("tag", lambda generator: generator.tags.items())
generate_categories = _taxonomy_pages("category", lambda generator: generator.categories)
generate_authors = _taxonomy_pages("author", lambda generator: generator.authors)


def cache_data(self: Any, filename: str, data: Any) -> None:
    """Pelican's ``FileStampDataCacher.cache_data``, without the file's stamp
    when nothing is cached (``CACHE_CONTENT`` off, as here)."""
    if self._cache_data_policy:
        ORIGINALS["cache_data"](self, filename, data)


def get_cached_data(self: Any, filename: str, default: Any = None) -> Any:
    """Pelican's ``FileStampDataCacher.get_cached_data``: ``default`` at once
    when no cache was loaded (no stamp of the file to compare with)."""
    if not self._cache:
        return default
    return ORIGINALS["get_cached_data"](self, filename, default)


#: Pelican's own versions (kept for the equivalence test)
ORIGINALS = {"process_translations": utils.process_translations,
             "build_period_archives": generators.ArticlesGenerator._build_period_archives,
             "slugify": utils.slugify, "strftime": utils.SafeDatetime.strftime,
             "relative_source_path": contents.Content.get_relative_source_path,
             "cache_data": cache.FileStampDataCacher.cache_data,
             "get_cached_data": cache.FileStampDataCacher.get_cached_data,
             **{name: getattr(generators.ArticlesGenerator, name)
                for name in ("generate_tags", "generate_categories", "generate_authors")}}


def install() -> None:
    """Put the linear versions in place of Pelican's (once per process), on the
    Pelican series they were written for; on another, keep Pelican's own."""
    if not tested():
        logger.warning("Pelican %s: các bản tăng tốc viết cho Pelican %s không được dùng;"
                       " dựng chậm hơn ở các trang lớn", pelican.__version__, SERIES)
        return
    generators.process_translations = process_translations
    generators.ArticlesGenerator._build_period_archives = build_period_archives
    generators.ArticlesGenerator.generate_tags = generate_tags
    generators.ArticlesGenerator.generate_categories = generate_categories
    generators.ArticlesGenerator.generate_authors = generate_authors
    urlwrappers.slugify = contents.slugify = slugify
    utils.SafeDatetime.strftime = safe_strftime
    contents.Content.get_relative_source_path = relative_source_path
    cache.FileStampDataCacher.cache_data = cache_data
    cache.FileStampDataCacher.get_cached_data = get_cached_data


@lru_cache(maxsize=None)
def _absolute(root: str) -> str:
    return os.path.abspath(root)


def _relative(root: str, source_path: str) -> str:
    """``source_path`` relative to ``root``, as Pelican computes it; a plain
    cut when it is a normalised absolute path inside ``root`` (every report
    Pelican reads: two ``abspath`` and a ``relpath`` took 2.6 s at 100 000)."""
    base = _absolute(root) if os.path.isabs(root) else os.path.abspath(root)  # cwd may move
    if (os.sep == "/" and source_path.startswith(base + "/") and len(base) > 1
            and os.path.normpath(source_path) == source_path):
        return source_path[len(base) + 1:]
    return utils.posixize_path(os.path.relpath(os.path.abspath(os.path.join(root, source_path)),
                                               base))


def relative_source_path(self: Any, source_path: str | None = None) -> str | None:
    """Pelican's ``Content.get_relative_source_path``, remembered per content
    folder and path (a pure function of the two)."""
    source_path = source_path or self.source_path
    return None if source_path is None else _relative(self.settings["PATH"], source_path)


# -- content objects: addresses computed once, bodies cleaned after their links ----

_FROZEN: dict[type, type] = {}


def _cleaned_after_links(update: Callable[..., str], clean: Callable[[str], str]
                         ) -> Callable[..., str]:
    """Pelican's ``_update_content`` (which resolves ``{filename}``,
    ``{static}`` and ``|filename|`` links), then ``clean``: the body is
    sanitised last, whatever a linked report's URL turned out to be."""
    def update_content(self: Any, content: str, siteurl: str) -> str:
        return clean(update(self, content, siteurl)) if content else content

    return update_content


def _linked_only(update: Callable[..., str]) -> Callable[..., str]:
    def linked_content(self: Any, siteurl: str) -> str:
        """The body with its links resolved, before it is cleaned: what a
        page's fingerprint needs (cleaning is the same function of it, by
        code and settings the fingerprint covers), without the cleaning."""
        content = self._get_content() if hasattr(self, "_get_content") else self._content
        return update(self, content, siteurl) if content else content

    return linked_content


def freeze(items: Iterable[Any], clean: Callable[[str], str],
           extras: Callable[[type], dict[str, Any]] = lambda cls: {}) -> None:
    """Give each content object (or taxonomy wrapper) a subclass of its own
    class that computes ``url``, ``save_as`` and ``summary`` once (Pelican
    formats the first two from settings on every access, thousands of times;
    once reading is over they cannot change), cleans its body with ``clean``
    after its links are resolved, and adds ``extras(cls)`` (lazy attributes
    of the caller's)."""
    if not tested():
        raise SettingsError(f"Pelican {pelican.__version__} chưa được kiểm với cổng thông tin"
                            f" (viết cho Pelican {SERIES}); cài pelican {SERIES}.x:"
                            f" pip install 'pelican~={SERIES}.0'")
    for item in items:
        cls = type(item)
        if cls in _FROZEN.values():
            continue
        if cls not in _FROZEN:
            lazy = {"url": cached_property(cls.url.fget),
                    "save_as": cached_property(cls.save_as.fget), **extras(cls)}
            if hasattr(cls, "_update_content"):
                lazy["_update_content"] = _cleaned_after_links(cls._update_content, clean)
                lazy["linked_content"] = _linked_only(cls._update_content)
            if isinstance(getattr(cls, "summary", None), property):
                # Pelican's memo makes a new bound function at every access, and
                # listings read it hundreds of thousands of times: kept on the
                # object instead (the site's address, its key there, is fixed)
                lazy["summary"] = cached_property(cls.summary.fget)
            _FROZEN[cls] = type(cls.__name__, (cls,), {**lazy, "__module__": cls.__module__})
        item.__class__ = _FROZEN[cls]

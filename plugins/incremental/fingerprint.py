"""Fingerprints of what a page shows, to skip rendering unchanged pages.

A page is rendered again only when the fingerprint of its inputs changed:
the template and theme, the site settings and plugin code (one global
digest), and the page's own variables. Content objects (articles, pages)
are fingerprinted deeply when a page is about them and shallowly (what a
listing shows) otherwise; records objects provide ``fingerprint()``; pages
built from global lists get theirs from ``context["page_inputs"]``. Each
page's fingerprint also says which bodies it read (:meth:`page_and_sources`),
for :mod:`incremental.scope`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any, Callable

from pelican.contents import Content
from pelican.paginator import Page
from pelican.urlwrappers import URLWrapper

#: kwargs that hold whole-site lists (paginated pages show only their page)
WHOLE_LISTS = {"articles", "dates", "all_articles"}
#: kwargs that are the subject of the page: fingerprinted deeply
SUBJECTS = {"article", "page"}
_PLAIN = (str, int, float, bool, type(None), date)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(obj: Any) -> Any:
    """JSON fallback for data inside ``fingerprint()`` results."""
    if isinstance(obj, date):
        return obj.isoformat()
    if hasattr(obj, "__dataclass_fields__"):
        return [getattr(obj, f) for f in obj.__dataclass_fields__]
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=repr)
    return str(obj)


def digest_of(data: Any) -> str:
    """Digest of plain data (what a ``fingerprint()`` method returns)."""
    return sha(json.dumps(data, ensure_ascii=False, sort_keys=True, default=_plain))


class Fingerprints:
    """Fingerprints for one build, each object's computed once (an article
    appears on many listing pages, a record on several)."""

    def __init__(self, global_digest: str, sources: dict[int, int] | None = None) -> None:
        self.global_digest = global_digest
        self._memo: dict[int, Any] = {}
        self._contents: dict[int, str] = {}
        self._keep: list[Any] = []  # keeps objects alive so their ids stay unique
        #: content object's id → its number (see :meth:`page_and_sources`)
        self.sources = sources or {}
        self._used: set[int] | None = None

    def _reads(self, item: Any) -> None:
        """Note that the page being fingerprinted shows ``item``'s body."""
        if self._used is not None:
            number = self.sources.get(id(item))
            if number is not None:
                self._used.add(number)

    def _remember(self, obj: Any, compute: Any) -> Any:
        found = self._memo.get(id(obj))
        if found is None:
            found = self._memo[id(obj)] = compute()
            self._keep.append(obj)
        return found

    def know(self, objects: list[Any], digests: list[str]) -> None:
        """Digests of ``objects``' ``fingerprint()`` computed elsewhere."""
        for obj, digest in zip(objects, digests):
            self._memo[id(obj)] = digest
            self._keep.append(obj)

    def bodies(self, item: Content) -> list[str | None]:
        """``item``'s :meth:`shallow` digest (None for what has no date: no
        listing shows it) and :meth:`content` digest, as :meth:`know_bodies` takes them."""
        return [self.shallow(item) if getattr(item, "date", None) else None, self.content(item)]

    def know_bodies(self, items: list[Content], digests: list[list[str | None]]) -> None:
        """:meth:`bodies` of ``items`` computed elsewhere (other processes, the last build)."""
        for item, (shallow, content) in zip(items, digests):
            if shallow is not None:
                self._memo[id(item)] = shallow
            self._contents[id(item)] = content
            self._keep.append(item)

    def shallow(self, item: Content) -> str:
        """What a listing shows of an article: address, title, date, summary
        (given, or cut from the content by settings in the global digest) —
        as one digest, so that a listing's fingerprint stays small."""
        self._reads(item)
        return self._remember(item, lambda: digest_of((
            "content", item.url, item.title, item.date.isoformat(),
            str(getattr(item, "category", "")),
            self.content(item), str(item.metadata.get("summary", "")))))

    def content(self, item: Content) -> str:
        """Digest of the content as rendered (intra-site links resolved); of
        the body before it is cleaned where the portal's content classes say
        (cleaning, the costly part, is then left to the pages rendered)."""
        self._reads(item)
        memo = self._contents.get(id(item))
        if memo is None:
            linked = getattr(item, "linked_content", None)
            memo = self._contents[id(item)] = sha(linked("") if linked else item.get_content(""))
            self._keep.append(item)
        return memo

    def feed_item(self, item: Content) -> tuple:
        """A feed entry: the listing data and the full content."""
        return (self.shallow(item), self.content(item))

    def deep(self, item: Content) -> tuple:
        """Everything of an article or page that its own page may show."""
        metadata = plain_metadata(item)
        # what plugins attach to it (records…) declares its inputs with fingerprint()
        extra = [(name, value.fingerprint()) for name, value in sorted(vars(item).items())
                 if hasattr(value, "fingerprint")] or None
        return ("content", item.url, item.save_as, self.content(item),
                digest_of(metadata), digest_of(extra), getattr(item, "status", ""))

    def value(self, obj: Any, depth: int = 0) -> Any:
        """A JSON-able summary of ``obj`` (plain data, objects by their identity)."""
        if depth > 12:
            raise ValueError("fingerprint too deep: give the object a fingerprint() method")
        if isinstance(obj, _PLAIN):
            return obj.isoformat() if isinstance(obj, date) else obj
        if hasattr(obj, "fingerprint"):  # plain data by contract: hashed at once
            return self._remember(obj, lambda: digest_of(obj.fingerprint()))
        if isinstance(obj, Content):
            return self.shallow(obj)
        if isinstance(obj, URLWrapper):
            return (type(obj).__name__, obj.name, obj.url)
        if isinstance(obj, Page):
            return ("page", obj.number, obj.paginator.num_pages, obj.url,
                    [self.value(o, depth + 1) for o in obj.object_list])
        if isinstance(obj, dict):
            return sorted((str(k), self.value(v, depth + 1)) for k, v in obj.items())
        if isinstance(obj, (list, tuple, set, frozenset)):
            items = [self.value(v, depth + 1) for v in obj]
            return sorted(items, key=repr) if isinstance(obj, (set, frozenset)) else items
        if hasattr(obj, "__dataclass_fields__"):
            return (type(obj).__name__, [self.value(getattr(obj, f), depth + 1)
                                         for f in obj.__dataclass_fields__])
        if type(obj).__name__ == "Paginator":
            return ("paginator", obj.num_pages, obj.count)
        return (type(obj).__name__, str(obj))

    def page_and_sources(self, template: str, output: str, kwargs: dict[str, Any],
                         inputs: Any) -> tuple[str, list[int]]:
        """:meth:`page`, and the numbers (``sources``) of the content objects
        whose body it read (directly, or through a listing's or a feed's digest)."""
        return self.sources_read(lambda: self.page(template, output, kwargs, inputs))

    def sources_read(self, compute: Callable[[], str]) -> tuple[str, list[int]]:
        """``compute()`` (a page's digest), and the numbers (``sources``) of the
        content objects whose body it read."""
        self._used = set()
        try:
            return compute(), sorted(self._used)
        finally:
            self._used = None

    def page(self, template: str, output: str, kwargs: dict[str, Any], inputs: Any) -> str:
        """Digest of one page's inputs."""
        paginated = any(k.endswith("_page") for k in kwargs)
        own = {}
        for key, item in kwargs.items():
            if key in WHOLE_LISTS and paginated:
                continue  # a paginated page shows its own page, not the whole list
            deep = key in SUBJECTS and isinstance(item, Content)
            own[key] = self.deep(item) if deep else self.value(item)
        text = json.dumps([self.global_digest, template, output, own, self.value(inputs)],
                          ensure_ascii=False, sort_keys=True, default=str)
        return sha(text)


def plain_metadata(item: Content) -> dict[str, Any]:
    """An article's or page's metadata as plain data (other objects by their text)."""
    return {k: v if isinstance(v, _PLAIN) or hasattr(v, "__dataclass_fields__")
            or isinstance(v, (list, tuple, dict)) else str(v)
            for k, v in item.metadata.items()}


def global_digest(settings: dict[str, Any], theme: str, code: str) -> str:
    """Settings (plain values), theme templates and static files, plugin code
    (its version, :func:`cachefiles.code_version`)."""
    digest = hashlib.sha256()
    skip = {"PATH", "OUTPUT_PATH", "CACHE_PATH", "PLUGIN_PATHS", "THEME",
            "DELETE_OUTPUT_DIRECTORY"}
    plain = {k: v for k, v in settings.items() if k.isupper() and k not in skip}
    name = lambda o: getattr(o, "__qualname__", type(o).__name__)  # never an address
    digest.update(json.dumps(plain, sort_keys=True, default=name).encode("utf-8"))
    digest.update(code.encode())
    for path in sorted(Path(theme).rglob("*")):
        if path.is_file():
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()

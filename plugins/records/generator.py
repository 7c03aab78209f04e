"""The records page family: officials, posts, events and terms.

Reads and resolves in ``generate_context``; writes only in
``generate_output``.
"""

from __future__ import annotations

import functools
import logging
import os
from datetime import timedelta
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Callable

from pelican.contents import Article
from pelican.generators import Generator
from pelican.utils import sanitised_join

import cachefiles
import identity
from building import pelican_patches
import vntext

from views import charts as pictures, facets, ics as calendar, jsonld as structured, lookup
from views import home as home_view, opendata as exports
from records import derived as memo, outputs, registry, resolve, validate
from reading import sanitize
from reading.errors import ContentError
from records.problems import PROBLEMS
from records.model import Records

logger = logging.getLogger(__name__)


def site_urls(context: dict[str, Any], records: Records, settings: dict[str, Any]) -> set[str]:
    """Every page URL the build will write (for checking links in reports)."""
    urls = {""}
    for key in ("articles", "pages", "hidden_pages"):
        urls.update(item.url for item in context.get(key, []))
    for key in ("categories", "tags", "authors"):
        urls.update(item.url for item, _ in context.get(key, []))
    for name in settings.get("DIRECT_TEMPLATES", []):
        urls.add(settings.get(f"{name.upper()}_URL", f"{name}.html"))
    # the year, month and day archives Pelican writes (one per period, not per article)
    urls.update(archive["url"] for archives in context.get("period_archives", {}).values()
                for archive in archives)
    urls.update(record.url for group in (records.officials, records.posts, records.events,
                                         records.terms) for record in group)
    urls.update(settings["OFFICIAL_URL"].format(slug=slug) for slug in records.ambiguous)
    urls.update(month.url for month in records.months)
    urls.update(settings[key] for key in ("OFFICIALS_URL", "POSTS_URL", "EVENTS_URL",
                                          "TERMS_URL"))
    return urls


def sort_taxonomies(context: dict[str, Any]) -> None:
    """Put Pelican's category, tag and author lists in Vietnamese order
    (authors by given name first), in place, before any page is written;
    give each category the path of its feed."""
    for key in ("categories", "tags"):
        context.get(key, []).sort(key=lambda item: vntext.collation_key(item[0].name))
    feed = context.get("CATEGORY_FEED_ATOM")
    for category, _ in context.get("categories", []):
        category.feed = feed.format(slug=category.slug) if feed else ""
    context.get("authors", []).sort(
        key=lambda item: vntext.person_key(*vntext.name_parts(item[0].name)))


def _article_facets(article: Any) -> facets.Facets | None:
    return facets.for_article(article) if hasattr(article, "records") else None


def _article_jsonld(article: Any) -> dict[str, Any] | None:
    if not hasattr(article, "records"):
        return None
    settings = article.settings
    return structured.article(article, settings.get("SITEURL", ""), settings["SITE_AGENCY"],
                              identity.emblem(settings))


def _lazy(cls: type) -> dict[str, Any]:
    """Articles with records prepare their search facets and JSON-LD when
    their page is rendered (on the rendering core, only for pages that
    changed): both are functions of the article and its records' fingerprint."""
    if not issubclass(cls, Article):
        return {}
    return {"facets": cached_property(_article_facets),
            "jsonld": cached_property(_article_jsonld)}


def freeze_urls(items: list[Any]) -> None:
    """Content objects with their addresses computed once and bodies cleaned
    after their links (see :func:`pelican_patches.freeze`)."""
    pelican_patches.freeze(items, sanitize.clean, _lazy)


def taxonomy_of(item: Any) -> list[Any]:
    """The category, tags and authors objects of one article or page."""
    found = [getattr(item, "category", None), *getattr(item, "tags", []),
             *getattr(item, "authors", [])]
    return [wrapper for wrapper in found if wrapper is not None]


def attach_pictures(context: dict[str, Any], records: Records,
                    settings: dict[str, Any]) -> None:
    """Calendars and bars for the events index (officials and terms draw
    theirs when their page is rendered)."""
    context["events_pictures"] = pictures.for_events(records.events, settings)


def attach_listings(context: dict[str, Any], records: Records,
                    settings: dict[str, Any]) -> None:
    """The home page's blocks (``home``) and the events index's lists of
    recent and upcoming events, as of the day of the build."""
    listed = max(settings["RECORDS_EVENTS_LISTED"], home_view.RECENT_EVENTS,
                 home_view.UPCOMING_EVENTS)
    recent, upcoming = home_view.event_lists(records.events, home_view.today(settings), listed,
                                             listed)
    context["home"] = home_view.home(context.get("articles", []), records, recent, upcoming)
    shown = settings["RECORDS_EVENTS_LISTED"]
    context["events_recent"], context["events_upcoming"] = recent[:shown], upcoming[:shown]


def page_inputs(context: dict[str, Any], records: Records) -> dict[str, Any]:
    """What each page built from whole-site lists shows (for the writer's
    fingerprints): template name → function returning that data."""
    def taxonomy(key: str) -> Any:
        return lambda: [(str(item), item.url, len(items)) for item, items in context.get(key, [])]

    return {
        "tags": taxonomy("tags"), "categories": taxonomy("categories"),
        "authors": taxonomy("authors"),
        "officials.html": lambda: [(o.name, o.url, o.latest_title, o.letter)
                                   for o in records.officials],
        "posts.html": lambda: [(p.name, p.url, len(p.memberships)) for p in records.posts],
        "events.html": lambda: ([(m.year, m.month, m.url, len(m.events)) for m in records.months],
                                [(k.name, k.feed, len(k.events)) for k in records.kinds],
                                len(records.events), context.get("events_pictures"),
                                [(e.url, e.name, e.kind, e.date.isoformat()) for e in
                                 context["events_recent"] + context["events_upcoming"]]),
        "index": lambda: context["home"].inputs(),
        "terms.html": lambda: [(t.label, t.url, t.cycle, t.start.isoformat(), t.end.isoformat(),
                                t.exact_dates, len(t.events), len(t.officials))
                               for t in records.terms],
        "data.html": lambda: (len(records.officials), len(records.posts), len(records.events),
                              len(records.terms)),
    }


def _write_now(writer: Any, name: str, inputs: Any, render: Callable[[], str | bytes]) -> None:
    """What ``write_raw`` does with a writer that has none (Pelican's own): write
    the file now, always (the portal writer's ``write_raw`` skips unchanged ones)."""
    data = render()
    cachefiles.write_atomic(Path(sanitised_join(writer.output_path, name)),
                            data.encode("utf-8") if isinstance(data, str) else data)


class RecordsGenerator(Generator):
    """Builds the records model from the articles and writes its pages."""

    records: Records

    def generate_context(self) -> None:
        """Validate all content, resolve the model, attach it to articles.

        Every problem is collected first; errors stop the build here, before
        anything is written.
        """
        settings, context = self.settings, self.context
        articles = context.get("articles", [])
        everything = [*articles, *context.get("drafts", []), *context.get("hidden_articles", []),
                      *context.get("pages", []), *context.get("hidden_pages", []),
                      *context.get("draft_pages", [])]
        listed = {id(item) for item in everything}
        everything += {id(translation): translation for item in everything
                       for translation in getattr(item, "translations", ())
                       if id(translation) not in listed}.values()
        freeze_urls(everything)
        context["all_content"] = everything  # the writer cleans their bodies once
        freeze_urls([wrapper for item in everything for wrapper in taxonomy_of(item)])
        problems = validate.failed_reads(context, self.path, settings)
        problems += validate.duplicates(everything)
        published = [*articles, *context.get("pages", [])]
        public = {id(item) for item in published}
        problems += validate.unfilled_scaffolds(
            published, [item for item in everything if id(item) not in public],
            settings["PORTAL_PRODUCTION"])
        problems += validate.unlisted_people(everything)
        try:
            known = registry.load(os.path.join(self.path, settings["RECORDS_PATH"]), self.path,
                                  settings)
        except ContentError as error:
            problems.append(validate.Problem(error.path, error.line, error.message))
            known = registry.Registry()
        self.registry = known
        problems += validate.unknown_terms(everything, {t.id for t in known.terms})
        derived = memo.Memo.open(settings, "derived")  # per-report work, kept between builds

        def check_links(records: Records) -> None:  # the editors' links, not the ones made
            problems.extend(validate.broken_links(
                [*articles, *context.get("pages", [])], self.path,
                site_urls(context, records, settings), settings.get("SITEURL", "")))

        self.records, resolver = resolve.build(articles, known, settings, derived, check_links)
        context["records"] = self.records
        problems += validate.near_duplicate_names(resolver.first_seen)
        problems += outputs.collisions(
            everything, outputs.planned(context, self.records, settings, self.path), settings)
        self.problems = problems
        warnings = 0
        for problem in sorted(problems):
            if problem.severity == validate.ERROR:
                PROBLEMS.error("%s", problem)
            elif warnings < settings["RECORDS_MAX_WARNINGS"]:
                PROBLEMS.warning("%s", problem)
                warnings += 1
        hidden = sum(p.severity == validate.WARNING for p in problems) - warnings
        if hidden:
            PROBLEMS.warning("… và %d cảnh báo nữa: chạy `invoke check` để xem hết", hidden)
        if any(p.severity == validate.ERROR for p in problems):
            raise validate.ContentProblems(problems)
        sort_taxonomies(context)
        derived.save()
        attach_pictures(context, self.records, settings)
        attach_listings(context, self.records, settings)
        context["page_inputs"] = page_inputs(context, self.records)
        logger.info("Bài: %d đã đăng, %d bản nháp, %d trang", len(articles),
                    len(context.get("drafts", [])), len(context.get("pages", [])))
        logger.info(
            "Hồ sơ: %d cán bộ, %d chức danh, %d sự kiện, %d nhiệm kỳ",
            len(self.records.officials), len(self.records.posts),
            len(self.records.events), len(self.records.terms),
        )

    def generate_output(self, writer: Any) -> None:
        """Write every records page."""
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        settings, records = self.settings, self.records
        if hasattr(writer, "share_inputs"):  # the portal writer: digest records once
            writer.share_inputs([*records.officials, *records.posts, *records.events,
                                 *records.terms, *records.months])

        def page(save_as: str, template: str, url: str, **values: Any) -> None:
            write(save_as, self.get_template(template), self.context, url=url, **values)

        page(settings["OFFICIALS_SAVE_AS"], "officials", settings["OFFICIALS_URL"])
        for official in records.officials:
            page(official.save_as, "official", official.url, official=official)
        for slug, officials in records.ambiguous.items():
            page(settings["OFFICIAL_SAVE_AS"].format(slug=slug), "official_ambiguous",
                 settings["OFFICIAL_URL"].format(slug=slug), officials=officials)
        page(settings["POSTS_SAVE_AS"], "posts", settings["POSTS_URL"])
        for post in records.posts:
            page(post.save_as, "post", post.url, post=post)
        page(settings["EVENTS_SAVE_AS"], "events", settings["EVENTS_URL"])
        for month in records.months:
            page(month.save_as, "events_month", month.url, month=month)
        for event in records.events:
            page(event.save_as, "event", event.url, event=event)
        page(settings["TERMS_SAVE_AS"], "terms", settings["TERMS_URL"])
        for term in records.terms:
            page(term.save_as, "term", term.url, term=term)
        page(settings["DATA_SAVE_AS"], "data", settings["DATA_URL"])
        self.write_feeds(writer)
        self.write_files(writer)

    def write_feeds(self, writer: Any) -> None:
        """Atom feeds: one per official ("Theo dõi"), per term, per event kind;
        each links the page it follows (``feed_pages`` in the context); Pelican puts the site's
        name before the title."""
        records, events = self.records, self.settings["EVENTS_URL"]
        feeds = [(o.reports, o.feed, f"Theo dõi: {o.name}", o.url) for o in records.officials]
        feeds += [(t.reports, t.feed, t.label, t.url) for t in records.terms]
        feeds += [(k.reports, k.feed, f"Sự kiện: {k.name}", events) for k in records.kinds]
        siteurl = self.settings.get("SITEURL", "")
        self.context["feed_pages"] = {path: f"{siteurl}/{url}" for _, path, _, url in feeds}
        for reports, path, name, _ in feeds:
            writer.write_feed(reports, self.context, path, feed_title=name)

    def write_files(self, writer: Any) -> None:
        """Calendars and open data files (not templates), through the writer so
        that unchanged ones are not rendered again."""
        write_raw = getattr(writer, "write_raw", None) or functools.partial(_write_now, writer)
        settings, records = self.settings, self.records
        siteurl = settings.get("SITEURL", "")
        # inputs are the events themselves: the writer fingerprints each once;
        # each text is made later (when it changed): what it needs is bound now
        zone = settings["TIMEZONE"]
        length = timedelta(minutes=settings["EVENT_DURATION_MINUTES"])
        write_raw(settings["EVENTS_CALENDAR_SAVE_AS"], records.events,
                  lambda title=f"Sự kiện — {settings['SITENAME']}": calendar.calendar(
                      records.events, siteurl, title, zone, length))
        for event in records.events:
            write_raw(event.calendar, event, lambda event=event: calendar.calendar(
                [event], siteurl, event.name, zone, length))
        # an official's events and a term's: followed in a calendar program
        followed = [*((o, o.name) for o in records.officials),
                    *((t, t.label) for t in records.terms)]
        for record, title in followed:
            write_raw(record.calendar, record.events, lambda record=record, title=title:
                      calendar.calendar(record.events, siteurl, f"{title} — lịch sự kiện", zone,
                                        length))
        # open data: the records themselves are the inputs (their fingerprints
        # are computed for their pages anyway); the texts only when one changed
        folder = settings["DATA_FILES"]
        everything = [records.officials, records.posts, records.events, records.terms]
        tables = functools.cache(lambda: exports.csv_files(records, siteurl))
        write_raw(f"{folder}popolo.json", everything,
                         lambda: exports.to_json(exports.popolo(records, siteurl, settings)))
        write_raw(f"{folder}{exports.SCHEMA_ID}", [],
                         lambda: exports.to_json(exports.schema()))
        for name in exports.CSV_FILES:
            write_raw(folder + name, everything, lambda name=name: tables()[name])
        # the search page's instant lookup of officials, posts and terms
        write_raw(settings["SEARCH_LOOKUP_SAVE_AS"], everything,
                  lambda: lookup.to_json(lookup.lookup(records, siteurl)))


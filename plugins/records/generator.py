"""The records page family: officials, posts, events and terms.

Reads and resolves in ``generate_context``; writes only in
``generate_output``.
"""

from __future__ import annotations

import logging
import os
from functools import partial
from typing import Any

from pelican.generators import Generator

import vntext

from . import facets, registry, resolve
from .model import Records

logger = logging.getLogger(__name__)


def sort_taxonomies(context: dict[str, Any]) -> None:
    """Put Pelican's category, tag and author lists in Vietnamese order
    (authors by given name first), in place, before any page is written."""
    for key in ("categories", "tags"):
        context.get(key, []).sort(key=lambda item: vntext.collation_key(item[0].name))
    context.get("authors", []).sort(
        key=lambda item: vntext.person_key(*vntext.name_parts(item[0].name)))


def attach_facets(articles: list[Any], records: Records) -> None:
    """Give every indexed page its search facets (type, date, filters)."""
    for article in articles:
        article.facets = facets.for_article(article)
    for event in records.events:
        event.facets = facets.for_event(event)
    for official in records.officials:
        official.facets = facets.for_official(official)
    for post in records.posts:
        post.facets = facets.for_post(post)
    for term in records.terms:
        term.facets = facets.for_term(term)


class RecordsGenerator(Generator):
    """Builds the records model from the articles and writes its pages."""

    records: Records

    def generate_context(self) -> None:
        """Resolve the model from all published articles and the registries."""
        folder = os.path.join(self.path, self.settings["RECORDS_PATH"])
        articles = self.context.get("articles", [])
        self.records = resolve.build(articles, registry.load(folder), self.settings)
        self.context["records"] = self.records
        sort_taxonomies(self.context)
        attach_facets(articles, self.records)
        logger.info(
            "Records: %d officials, %d posts, %d events, %d terms",
            len(self.records.officials), len(self.records.posts),
            len(self.records.events), len(self.records.terms),
        )

    def generate_output(self, writer: Any) -> None:
        """Write every records page."""
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        settings, records = self.settings, self.records

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

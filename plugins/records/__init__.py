"""Records plugin: reads meeting reports in both header styles and builds
cross-linked pages for events, officials, posts and terms of office."""

from __future__ import annotations

import os
from typing import Any

from pelican import signals

import identity
import languages

from records.generator import RecordsGenerator
from reading import schema
from records import validate
from records.problems import PROBLEMS, drop_restated, plain_under_pelican_cli
from reading.reader import PortalReader
from reading.rst import PortalRstReader
from records.settings import apply_defaults
from views.jsonld import to_jsonld


def add_defaults(pelican: Any) -> None:
    """Give every records setting its default unless pelicanconf set it; under
    Pelican's own command line, print problems as plain lines; refuse symbolic
    links in the content folder before anything reads it."""
    apply_defaults(pelican.settings)
    identity.apply_defaults(pelican.settings)
    plain_under_pelican_cli()
    schema.extra_keys(pelican.settings)  # a bad RECORDS_EXTRA_KEYS fails here
    linked = validate.symlinks(pelican.settings["PATH"], pelican.settings.get("IGNORE_FILES", []))
    if linked:  # before Pelican walks the folder (it follows links, even in loops)
        for problem in linked:
            PROBLEMS.error("%s", problem)
        raise validate.ContentProblems(linked)


def add_reader(readers: Any) -> None:
    """Use the portal readers: for every Markdown extension, and for
    reStructuredText unless the site turned it off (``READERS = {"rst": None}``)."""
    for extension in PortalReader.file_extensions:
        readers.reader_classes[extension] = PortalReader
    for extension in PortalRstReader.file_extensions:
        if readers.reader_classes.get(extension) is not None:
            readers.reader_classes[extension] = PortalRstReader


def prefetch_reports(generator: Any) -> None:
    """Before the first file is read, read all of them (cache, every core)."""
    if getattr(generator, "_portal_prefetched", False):
        return
    generator._portal_prefetched = True
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, PortalReader):
        return
    if hasattr(generator, "articles"):
        paths = generator.get_files(generator.settings["ARTICLE_PATHS"],
                                    exclude=generator.settings["ARTICLE_EXCLUDES"])
    else:
        paths = generator.get_files(generator.settings["PAGE_PATHS"],
                                    exclude=generator.settings["PAGE_EXCLUDES"])
    extensions = tuple(f".{e}" for e in PortalReader.file_extensions)
    reader.prefetch([os.path.join(generator.path, p) for p in paths if p.endswith(extensions)])


def add_generator(pelican: Any) -> type[RecordsGenerator]:
    """Add the records page family after articles and pages."""
    return RecordsGenerator


def page_url(output_file: str) -> str:
    """The URL of a written file: ``can-bo/x/index.html`` → ``can-bo/x/``."""
    return output_file[: -len("index.html")] if output_file.endswith("index.html") else output_file


def add_filters(generator: Any) -> None:
    """Template filters the theme needs for prepared data (JSON-LD, URLs)."""
    generator.env.filters["jsonld"] = to_jsonld
    generator.env.filters["page_url"] = page_url
    generator.env.filters["lang_name"] = languages.endonym
    generator.env.globals["site_emblem"] = identity.emblem(generator.settings)
    generator.env.filters["tel"] = identity.phone_link


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    drop_restated()
    signals.initialized.connect(add_defaults)
    signals.readers_init.connect(add_reader)
    signals.article_generator_preread.connect(prefetch_reports)
    signals.page_generator_preread.connect(prefetch_reports)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_filters)

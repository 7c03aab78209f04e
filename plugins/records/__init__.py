"""Records plugin: reads meeting reports in both header styles and builds
cross-linked pages for events, officials, posts and terms of office."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import RecordsGenerator
from .reader import PortalReader
from .settings import apply_defaults


def add_defaults(pelican: Any) -> None:
    """Give every records setting its default unless pelicanconf set it."""
    apply_defaults(pelican.settings)


def add_reader(readers: Any) -> None:
    """Use the portal reader for every Markdown extension."""
    for extension in PortalReader.file_extensions:
        readers.reader_classes[extension] = PortalReader


def add_generator(pelican: Any) -> type[RecordsGenerator]:
    """Add the records page family after articles and pages."""
    return RecordsGenerator


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    signals.initialized.connect(add_defaults)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(add_generator)

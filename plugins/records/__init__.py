"""Records plugin: reads meeting reports in both header styles and builds
cross-linked pages for events, officials, posts and terms of office."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .reader import PortalReader


def add_reader(readers: Any) -> None:
    """Use the portal reader for every Markdown extension."""
    for extension in PortalReader.file_extensions:
        readers.reader_classes[extension] = PortalReader


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    signals.readers_init.connect(add_reader)

"""What every publishing target offers (:class:`Publisher`), so the pipeline
and ``invoke publish``/``rollback`` know no target by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Publisher(Protocol):
    """A place the built site goes to."""

    def describe(self) -> str:
        """Where it publishes, in one line (shown before a publish)."""

    def publish(self, site: Path, dry_run: bool = False) -> Any:
        """Make ``site`` live (or, with ``dry_run``, say what would change)."""

    def rollback(self) -> Any:
        """Make the previous live version live again, or raise
        :class:`deploy.errors.PublishError` saying why it cannot."""

"""How content problems reach the editor, whatever runs the build.

* Every problem is logged once, as ``path:line: message``, on the
  ``records.problems`` logger: errors at ERROR, warnings at WARNING.
* Pelican's own English lines that only restate a problem ("Could not
  process …", several items with one slug) are dropped: the problem list
  says it, in Vietnamese, with the line to fix.
* Under Pelican's own command line (``pelican content``), whose rich handler
  adds columns and wraps long lines, problems are printed plain, one line
  each, and the exception that stops the build is one line without a
  traceback (Pelican then exits 1).
"""

from __future__ import annotations

import logging
import sys

PROBLEMS = logging.getLogger("records.problems")

#: Pelican messages (their format strings) that a problem restates, by logger;
#: a build without SITEURL has FEED_DOMAIN (preview) or stops (production)
_RESTATED = {
    "pelican.generators": ("Could not process",),
    "pelican.utils": ("There are %s items", "There are %s original"),
    "pelican.settings": ("Feeds generated without SITEURL",),
}


class _Restated(logging.Filter):
    def __init__(self, messages: tuple[str, ...]) -> None:
        super().__init__()
        self.messages = messages

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.messages)


class _OneLineStop(logging.Filter):
    """Pelican's command line logs the exception that ended the build with its
    traceback: content problems were listed already, so say it in one line; a
    settings error is one plain line."""

    def filter(self, record: logging.LogRecord) -> bool:
        from records.settings import SettingsError
        from records.validate import ContentProblems

        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, SettingsError):  # one plain line, like the problems
            PROBLEMS.error("%s", error)
            return False
        if isinstance(error, ContentProblems):
            record.msg, record.args = stopped(error), ()
            record.exc_info = record.exc_text = None
        return True


def stopped(problems: BaseException) -> str:
    """The verdict after the problem list: how many errors stopped the build."""
    from records.validate import ERROR

    errors = sum(p.severity == ERROR for p in getattr(problems, "problems", []))
    return f"Dừng: {errors} lỗi cần sửa (xem các dòng trên)."


def drop_restated() -> None:
    """Filter Pelican's restating messages at their loggers (every route)."""
    for name, messages in _RESTATED.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Restated) for f in logger.filters):
            logger.addFilter(_Restated(messages))


def plain_under_pelican_cli() -> None:
    """When Pelican's command line logs through rich, print problems plain."""
    rich = [h for h in logging.getLogger().handlers if type(h).__name__ == "RichHandler"]
    if not rich:
        return
    if PROBLEMS.propagate:
        plain = logging.StreamHandler(sys.stderr)
        plain.setFormatter(logging.Formatter("%(message)s"))
        PROBLEMS.addHandler(plain)
        PROBLEMS.propagate = False
    for handler in rich:
        if not any(isinstance(f, _OneLineStop) for f in handler.filters):
            handler.addFilter(_OneLineStop())

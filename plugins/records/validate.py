"""Content validation shared by ``invoke check`` and every build.

Problems are collected for the whole site, printed GNU-style
(``path:line: message``) and only then does the build stop: an editor sees
every mistake at once, and nothing broken is silently skipped.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable
from urllib.parse import unquote

import vntext

from reading.errors import ContentError, display_path, unreadable
from reading.reader import PortalReader
from reading.rst import PortalRstReader

ERROR = "error"
WARNING = "warning"
_LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']""")
#: Pelican's link placeholders: {filename}, {static}, {attach}, and the older |filename|
_PLACEHOLDER = re.compile(r"^(?:\{(?:filename|static|attach)\}|\|(?:filename|static|attach)\|)(.*)$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix (error) or look at (warning) in a content file."""

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "cảnh báo: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class ContentProblems(Exception):
    """The content has errors; the build stops before writing anything."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == ERROR]
        super().__init__(f"{len(errors)} lỗi nội dung:\n" + "\n".join(map(str, errors)))


def symlinks(content: str, ignored: Iterable[str] = ()) -> list[Problem]:
    """Symbolic links under the content folder: refused, never followed (one
    could publish /etc/passwd, or loop for ever on a parent folder). Names
    Pelican ignores (``IGNORE_FILES``: an editor's lock links ``.#*``) are skipped."""
    problems = []
    folders = [content]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            names = (entry.name, "/" + os.path.relpath(entry.path, content))
            if any(fnmatch.fnmatch(name, pattern) for pattern in ignored for name in names):
                continue
            if entry.is_symlink():
                problems.append(Problem(display_path(entry.path), 1, "là liên kết tượng trưng"
                                        f" (symlink) tới {os.readlink(entry.path)!r}; thư mục"
                                        " bài viết không nhận symlink — hãy chép tệp thật"
                                        " vào đây"))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
    return sorted(problems)


def failed_reads(context: dict[str, Any], base: str, settings: dict[str, Any]) -> list[Problem]:
    """Why each file Pelican could not read failed (read again for the message)."""
    readers = {f".{extension}": cls for cls in (PortalReader, PortalRstReader)
               for extension in cls.file_extensions}
    problems = []
    for relative, content in context.get("generated_content", {}).items():
        reader_class = readers.get(os.path.splitext(relative)[1])
        if content is not None or reader_class is None:
            continue
        path = os.path.join(base, relative)
        try:
            reader_class(settings).read(path)
        except ContentError as error:
            problems.append(Problem(error.path, error.line, error.message))
        except Exception as error:  # noqa: BLE001 - reported, never a traceback
            problems.append(Problem(display_path(path), 1, unreadable(error)))
        else:
            problems.append(Problem(display_path(path), 1, "bài không được đăng: kiểm tra"
                                    " 'title', 'date' và 'status'"))
    return problems


def unfilled_scaffolds(published: Iterable[Any], unpublished: Iterable[Any],
                       production: bool) -> list[Problem]:
    """What ``invoke new`` left to fill in: an error for a report a production
    build would publish, else a warning."""
    problems = []
    for items, severity in ((published, ERROR if production else WARNING),
                            (unpublished, WARNING)):
        for item in items:
            for line, message in getattr(item, "unfilled", ()):
                problems.append(Problem(display_path(item.source_path), line, message,
                                        severity))
    return problems


def unlisted_people(items: Iterable[Any]) -> list[Problem]:
    """Officials a report's prose names whom its header, which lists people,
    lacks: a warning each, with the line to add."""
    return [Problem(display_path(item.source_path), line, message, WARNING)
            for item in items for line, message in getattr(item, "unlisted", ())]


def _line(item: Any, key: str) -> int:
    return getattr(item, "source_lines", {}).get(key, 1)


def duplicates(items: Iterable[Any]) -> list[Problem]:
    """Two reports written to the same file would overwrite each other."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        if getattr(item, "save_as", ""):
            groups[item.save_as].append(item)
    problems = []
    for group in groups.values():
        if len(group) < 2:
            continue
        paths = sorted(display_path(i.source_path) for i in group)
        for item in group:
            here = display_path(item.source_path)
            lines = getattr(item, "source_lines", {})
            problems.append(Problem(
                here, lines.get("slug", lines.get("title", 1)),
                f"trùng địa chỉ /{item.url} với {', '.join(p for p in paths if p != here)};"
                " đặt 'slug' khác cho một trong các bài"))
    return problems


def unknown_terms(items: Iterable[Any], known: set[str]) -> list[Problem]:
    """Term ids not in content/records/terms.yaml (when that registry exists)."""
    if not known:
        return []
    problems = []
    for item in items:
        for term in getattr(item, "terms", []):
            if term not in known:
                problems.append(Problem(
                    display_path(item.source_path), _line(item, "terms"),
                    f"nhiệm kỳ {term!r} chưa có trong danh mục; các nhiệm kỳ đã có:"
                    f" {', '.join(sorted(known))} (nếu là nhiệm kỳ mới, thêm vào"
                    " content/records/terms.yaml)"))
    return problems


def broken_links(items: Iterable[Any], base: str, urls: set[str], siteurl: str) -> list[Problem]:
    """Links in report bodies to files or pages that do not exist."""
    problems = []
    for item in items:
        source, content = item.source_path, getattr(item, "_content", "") or ""
        if "href=" not in content and "src=" not in content:
            continue  # no link: skip the slower pattern (most reports)
        for target in _LINK.findall(content):
            placeholder = _PLACEHOLDER.match(target)
            if placeholder and not _inside(placeholder.group(1), source, base):
                problems.append(Problem(display_path(source), _source_line(source, target),
                                        f"liên kết {target!r} trỏ ra ngoài thư mục bài viết;"
                                        " chỉ liên kết tới tệp trong thư mục đó"))
            elif not _resolves(target, source, base, urls, siteurl):
                problems.append(Problem(display_path(source), _source_line(source, target),
                                        f"liên kết {target!r} không dẫn tới đâu: không"
                                        " có bài, trang hay tệp nào như vậy"))
    return problems


def _placeholder_path(link: str, source: str, base: str) -> str:
    path = unquote(link.split("#")[0].split("?")[0])
    folder = base if path.startswith("/") else os.path.dirname(source)
    return os.path.normpath(os.path.join(folder, path.lstrip("/")))


def _inside(link: str, source: str, base: str) -> bool:
    """A placeholder link's file lies inside the content folder."""
    path = _placeholder_path(link, source, base)
    return os.path.commonpath([path, os.path.abspath(base)]) == os.path.abspath(base)


def _resolves(target: str, source: str, base: str, urls: set[str], siteurl: str) -> bool:
    placeholder = _PLACEHOLDER.match(target)
    if placeholder:
        return os.path.exists(_placeholder_path(placeholder.group(1), source, base))
    if siteurl and target.startswith(siteurl):
        target = target[len(siteurl):] or "/"
    if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", target, re.I):
        return True  # other sites, mail, same-page anchors: not ours to check
    path = target.split("#")[0].split("?")[0]
    if not path.startswith("/"):
        return os.path.exists(os.path.join(os.path.dirname(source), path))
    stripped = path.lstrip("/")
    return (stripped in urls or stripped.rstrip("/") + "/" in urls
            or os.path.exists(os.path.join(base, stripped)))


def _source_line(path: str, needle: str) -> int:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if needle in line:
                    return number
    except OSError:
        pass
    return 1


def near_duplicate_names(first_seen: dict[str, tuple[str, str, int]]) -> list[Problem]:
    """Warn about official names one letter or one tone apart (likely typos),
    or that look alike letter for letter (``rn``/``m``, ``I``/``l``).

    ``first_seen`` maps each official's key to (name, path, line) where it
    first appears. Names are compared word by word: same number of words, one word
    different, and that word differs by one tone/mark or one letter.
    """
    by_shape: dict[tuple, list[tuple[str, str, int]]] = defaultdict(list)
    for name, path, line in first_seen.values():
        words = vntext.fold(name).split(" ")
        for index in range(len(words)):
            # the other words, plus the folded word with one letter deleted
            rest = tuple(words[:index] + ["*"] + words[index + 1:])
            variants = {words[index]} | {words[index][:i] + words[index][i + 1:]
                                         for i in range(len(words[index]))}
            for variant in variants:
                by_shape[(rest, variant)].append((name, path, line))
        by_shape[("skeleton", vntext.skeleton(name))].append((name, path, line))
    pairs: set[tuple[tuple[str, str, int], tuple[str, str, int]]] = set()
    for group in by_shape.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a[0] != b[0]:
                    pairs.add(tuple(sorted((a, b))))  # type: ignore[arg-type]
    problems = []
    for (name_a, path_a, line_a), (name_b, path_b, line_b) in sorted(pairs):
        problems.append(Problem(
            path_b, line_b, f"cán bộ {name_b!r} trông giống {name_a!r} ({path_a}:{line_a});"
            " nếu là cùng một người, hãy dùng một cách viết", WARNING))
    return problems

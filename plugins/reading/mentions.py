"""Officials named in report bodies.

* :func:`extract` finds the officials a Markdown body names, in all the
  forms :mod:`reading.extract` reads (read time), with their roles;
* :func:`unlisted` warns of those a header that lists people lacks;
* :class:`MentionLinker` links the first mention of each known official in
  rendered HTML, outside headings, links and code.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Callable, Iterable

import vntext

from reading import extract as prose
from reading.fields import ROLE_ATTENDEE, ROLE_CHAIR, ROLE_COCHAIR, Participant


def extract(text: str, line: int = 1, year: int | None = None, title: str = ""
            ) -> list[Participant]:
    """The officials the prose names (see :mod:`reading.extract`), in order,
    as participants: positions joined by ", "; one elected is dự unless they
    also chaired."""
    found = prose.extract(text, year, title, first_line=line).people
    roles = {prose.ROLE_CHAIR: ROLE_CHAIR, prose.ROLE_COCHAIR: ROLE_COCHAIR}
    return [Participant(person.name, ", ".join(person.positions),
                        roles.get(person.chair or person.role, ROLE_ATTENDEE), person.line)
            for person in found]


def unlisted(found: Iterable[Participant], listed: Iterable[Participant], style: str
             ) -> list[tuple[int, str]]:
    """(line, warning) for each official the prose names whom the header
    lacks, with the header line that would add them."""
    keys = {vntext.name_key(person.name) for person in listed}
    warnings = []
    for person in found:
        if vntext.name_key(person.name) in keys:
            continue
        key = "chair" if person.role in (ROLE_CHAIR, ROLE_COCHAIR) else "attendees"
        if style == "yaml":
            position = (json.dumps(person.position, ensure_ascii=False)
                        if re.search(r"[,:{}\[\]#&*!|>'\"%@`]", person.position)
                        else person.position)
            add = f"  - {{name: {person.name}, position: {position}}}"
            where = f"dưới '{key}:'"
        else:
            add = f"{person.name} – {person.position}"
            where = f"vào dòng '{key.capitalize()}:' (các người cách nhau bởi ';')"
        warnings.append((person.line, f"bài nhắc đến {person.name} ({person.position}) nhưng"
                                      f" phần đầu không có; nếu đúng, thêm {where}: {add}"))
    return warnings


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, built as a trie (fast alternation)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items())
                    if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_SKIP_TAGS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre",
                        "script", "style", "figcaption"})


class MentionLinker:
    """Links first mentions of known names in HTML.

    ``names`` maps a name as it may appear (tone placement made canonical) to
    a key; ``render(key, text)`` returns the HTML of the link for that key.
    """

    def __init__(self, names: Iterable[str]) -> None:
        names = sorted({vntext.canonical_tones(n) for n in names}, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + _trie_pattern(names) + r")(?!\w)") if names else None
        )

    def link(self, content: str, render: Callable[[str, str], str | None]) -> str:
        """Return ``content`` with the first mention of each name linked.

        ``render(canonical_name, text_as_written)`` gives the replacement HTML,
        or None to leave that name alone.
        """
        if self._pattern is None:
            return content
        parser = _Linker(self._pattern, render)
        parser.feed(content)
        parser.close()
        return "".join(parser.out)


class _Linker(HTMLParser):
    def __init__(self, pattern: re.Pattern[str], render: Callable) -> None:
        super().__init__(convert_charrefs=False)
        self.pattern = pattern
        self.render = render
        self.out: list[str] = []
        self.skip_depth = 0
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            self.out.append(data)
            return
        canonical = vntext.canonical_tones(data)
        if len(canonical) != len(data):  # offsets must map back one to one
            self.out.append(data)
            return
        pieces, last = [], 0
        for match in self.pattern.finditer(canonical):
            name = match.group(0)
            if name in self.seen:
                continue
            replacement = self.render(name, data[match.start():match.end()])
            if replacement is None:
                continue
            self.seen.add(name)
            pieces += [data[last:match.start()], replacement]
            last = match.end()
        pieces.append(data[last:])
        self.out.append("".join(pieces))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")

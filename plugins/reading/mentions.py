"""Officials named in report bodies.

* :func:`extract` finds "đồng chí <Name> – <Position>" phrases in Markdown
  text (read time), with the role when the phrase says "chủ trì".
* :class:`MentionLinker` links the first mention of each known official in
  rendered HTML, outside headings, links and code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Callable, Iterable

import vntext

from reading.fields import ROLE_ATTENDEE, ROLE_CHAIR, ROLE_COCHAIR, Participant

_PHRASE = re.compile(
    r"(?i:đồng chí|đ/c)\s+(?P<name>(?:[^\W\d_]+\s+){1,5}?[^\W\d_]+)\s+[–—]\s+"
    r"(?P<rest>[^;.\n]*)"
)
# Words that end a title: the verb or conjunction that follows it.
_TITLE_END = re.compile(
    r"\s+(?=(?:đồng chủ trì|chủ trì|và|cùng|phát biểu|khẳng định|nhấn mạnh|cho biết"
    r"|yêu cầu|đề nghị|được|đã|tới|đến|thăm|trao|tặng)\b)"
)
_CHAIR_ROLE = re.compile(r"^\s*(?P<role>đồng chủ trì|chủ trì)\b")


def extract(text: str, line: int = 1) -> list[Participant]:
    """People named as "đồng chí Name – Position" in ``text``, in order.

    A person named twice keeps the first position found and the strongest
    role (chủ trì over dự).
    """
    found: dict[str, Participant] = {}
    counted, at = 0, line
    for match in _PHRASE.finditer(text):
        at += text.count("\n", counted, match.start())  # line of this match
        counted = match.start()
        name = vntext.collapse(match.group("name"))
        if not all(word[0].isupper() for word in name.split(" ")):
            continue
        head, *tail = _TITLE_END.split(match.group("rest"), maxsplit=1)
        segments = []
        for segment in head.split(","):
            segment = segment.strip()
            if not segment or not segment[0].isupper():
                break
            segments.append(segment)
        role_match = _CHAIR_ROLE.match(tail[0]) if tail else None
        role = ROLE_ATTENDEE
        if role_match:
            role = ROLE_COCHAIR if role_match.group("role") == "đồng chủ trì" else ROLE_CHAIR
        position = ", ".join(segments)
        key = vntext.name_key(name)
        previous = found.get(key)
        if previous is None:
            found[key] = Participant(name, position, role, at)
        elif role != ROLE_ATTENDEE and previous.role == ROLE_ATTENDEE:
            found[key] = Participant(previous.name, previous.position or position,
                                     role, previous.line)
    return list(found.values())


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

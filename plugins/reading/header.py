"""Split a report into its header and Markdown body, for both header styles.

YAML front matter (``---`` … ``---``) and Pelican's native ``Key: value``
lines give the same result: a mapping of lower-case keys to
:class:`Field` (the raw value and the line it starts on) and the body text
with the line number it starts at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from reading.errors import ContentError

_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_FENCE = "---"
_YAML_ENDS = ("---", "...")

_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML loader that leaves timestamps as text (parsed once, later)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Field:
    """One header value as written, with the line (1-based) it starts on and
    its key as the editor spelt it."""

    value: Any
    line: int
    name: str = ""


@dataclass(frozen=True)
class Header:
    """A parsed report: header fields, Markdown body and its first line."""

    fields: dict[str, Field]
    body: str
    body_line: int
    style: str  # "yaml" or "native"


def split_header(text: str, path: str) -> Header:
    """Parse ``text`` (already NFC, LF line endings) read from ``path``."""
    lines = text.split("\n")
    if lines and lines[0].strip() == _FENCE:
        return _yaml_header(lines, path)
    return _native_header(lines, path)


def _yaml_header(lines: list[str], path: str) -> Header:
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in _YAML_ENDS), None
    )
    if end is None:
        raise ContentError(
            path, 1, "phần đầu mở bằng '---' nhưng chưa đóng: thêm một dòng '---' sau"
            " dòng thông tin cuối cùng"
        )
    node = compose_yaml("\n".join(lines[1:end]), path, first_line=2)
    fields: dict[str, Field] = {}
    if node is not None:
        if not isinstance(node, yaml.MappingNode):
            raise ContentError(
                path, 2, "phần đầu phải là các dòng 'khóa: giá trị' (một ánh xạ YAML)"
            )
        for key_node, value_node in node.value:
            written = str(construct(key_node))
            fields[written.lower()] = Field(construct(value_node),
                                            key_node.start_mark.line + 2, written)
    body = "\n".join(lines[end + 1 :])
    return Header(fields, body, end + 2, "yaml")


#: how deep a YAML header or registry may nest, and how many values it may hold
MAX_DEPTH = 10
MAX_NODES = {"header": 5_000, "registry": 500_000}


def compose_yaml(source: str, path: str, first_line: int = 1,
                 kind: str = "header") -> yaml.Node | None:
    """Parse YAML into a node tree (keeps line numbers); errors name the line.

    Refused, each with its line: anchors and aliases (``&a``, ``*a``: an alias
    bomb would expand a few lines into billions of values), a key given twice
    in one mapping (at any level: a list entry missing its ``-`` would silently
    replace the one above), nesting deeper than :data:`MAX_DEPTH`, more than
    ``MAX_NODES[kind]`` values.
    """
    try:
        if "&" in source or "*" in source:  # only then can there be anchors
            _refuse_anchors(source, path, first_line)
        node = yaml.compose(source, Loader=_Loader)
    except yaml.YAMLError as exc:
        # an unclosed bracket or quote is reported where it was opened
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        last = first_line + source.count("\n")  # errors found at the end of input
        line = min(first_line + (mark.line if mark else 0), last)
        raise ContentError(
            path, line, f"YAML không hợp lệ: {_yaml_problem(exc)}; kiểm tra dấu nháy và"
            " thụt lề (đặt trong nháy kép giá trị có ':' hoặc '#')"
        ) from None
    if node is not None:
        _check_tree(node, path, first_line, MAX_NODES[kind])
    return node


def _refuse_anchors(source: str, path: str, first_line: int) -> None:
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError(path, first_line + event.start_mark.line,
                               "không dùng neo và bí danh YAML ('&…', '*…'); hãy viết"
                               " giá trị ra đầy đủ")


def _check_tree(root: yaml.Node, path: str, first_line: int, max_nodes: int) -> None:
    """Depth, size and duplicate keys, walking the tree once."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        line = first_line + node.start_mark.line
        if depth > MAX_DEPTH:
            raise ContentError(path, line, f"YAML lồng quá sâu (quá {MAX_DEPTH} cấp); viết"
                               " phẳng hơn")
        if count > max_nodes:
            raise ContentError(path, line, f"YAML quá lớn (quá {max_nodes} giá trị); chia"
                               " nhỏ tệp")
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value).lower() if isinstance(key_node, yaml.ScalarNode) \
                    else repr(key_node)
                at = first_line + key_node.start_mark.line
                if key in seen:
                    raise ContentError(
                        path, at, f"khóa '{key_node.value}' được ghi hai lần trong cùng một"
                        f" mục (dòng {seen[key]} và dòng {at}); chỉ giữ một — nếu đây là"
                        " mục mới của danh sách, thêm '- ' ở đầu mục")
                seen[key] = at
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


#: PyYAML's problems (English) as editors read them; the first that matches wins
_YAML_PROBLEMS = (
    ("expected ',' or ']'", "danh sách mở bằng '[' chưa đóng bằng ']'"),
    ("expected ',' or '}'", "ánh xạ mở bằng '{' chưa đóng bằng '}'"),
    ("mapping values are not allowed", "dấu ':' nằm ở chỗ không được phép"),
    ("cannot start any token", "có ký tự không được mở đầu một giá trị (thụt lề bằng"
     " dấu cách, không dùng tab)"),
    ("undefined alias", "có bí danh '*…' chưa được định nghĩa"),
    ("end of stream", "dấu nháy mở chưa đóng"),
    ("could not find expected ':'", "thiếu dấu ':' sau khóa"),
    ("expected <block end>", "thụt lề không khớp với các dòng trên"),
    ("expected key", "thụt lề không khớp với các dòng trên"),
    ("expected '-' indicator", "thụt lề của danh sách không khớp"),
)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = f"{getattr(exc, 'problem', '')} {getattr(exc, 'context', '')}"
    return next((text for english, text in _YAML_PROBLEMS if english in problem),
                "sai cú pháp")


def construct(node: yaml.Node) -> Any:
    """Python value of a YAML node (timestamps stay text)."""
    return _Loader("").construct_object(node, deep=True)


def _refuse_duplicate(fields: dict[str, Field], key: str, line: int, path: str) -> None:
    if key in fields:
        raise ContentError(
            path, line, f"khóa '{key}' được ghi hai lần (lần đầu ở dòng {fields[key].line},"
            f" rồi dòng {line}); chỉ giữ một"
        )


def _native_header(lines: list[str], path: str) -> Header:
    fields: dict[str, Field] = {}
    key = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            index += 1
            break
        more = _MORE_LINE.match(line)
        if more and key is not None:
            previous = fields[key]
            fields[key] = Field(f"{previous.value}\n{more.group('value').strip()}",
                                previous.line, previous.name)
            continue
        match = _KEY_LINE.match(line)
        if not match:
            break
        written = match.group("key")
        key = written.lower()
        _refuse_duplicate(fields, key, index + 1, path)
        fields[key] = Field(match.group("value").strip(), index + 1, written)
    else:
        index = len(lines)
    return Header(fields, "\n".join(lines[index:]), index + 1, "native")

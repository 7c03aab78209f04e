"""Officials, their positions and roles, the meeting and the terms, found in a
report's prose, the way Vietnamese local news writes them.

Pure Python, rules and word lists only (``lexicon/*.txt``), no model. Precision
comes first: a run of capitalised syllables is a person only when it starts
with a Vietnamese family name, and an official only when the text gives that
person a position in the same phrase: after the name (``đồng chí Name –
Position``, ``Name - Position``, ``Name- Position``, ``Name, Position``),
before it (``Bí thư Tỉnh ủy Name``, ``các Phó Chủ tịch UBND tỉnh A, B``) or in
an election phrase (``được bầu giữ chức …``, ``tái đắc cử …``). Bylines,
photo credits, places named after people (``phường Lê Lợi``), historical
figures, unnamed role holders, organisations and ranks are never officials.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import vntext

ROLE_CHAIR = "chủ trì"
ROLE_COCHAIR = "đồng chủ trì"
ROLE_ATTENDEE = "dự"
ROLE_ELECTED = "được bầu"
#: the prose read, in characters (about 40 printed pages): a longer body's
#: tail names nobody the rules will find in time
READ_LIMIT = 200_000
#: the most names one list shares a position or an election with (A, B và C)
_LIST_LIMIT = 40
#: which role a person named twice keeps: được bầu is the news of the day
_STRENGTH = {ROLE_ATTENDEE: 0, ROLE_CHAIR: 1, ROLE_COCHAIR: 1, ROLE_ELECTED: 2}

LEXICON = Path(__file__).resolve().parent / "lexicon"


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """A lexicon: its non-comment lines (the first column), longest first."""
    found = []
    for line in (LEXICON / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("\t")[0].strip()
        if line and not line.startswith("#"):
            found.append(vntext.canonical_tones(line))
            found.append(vntext.other_tones(line))  # Tỉnh ủy and Tỉnh uỷ alike
    return tuple(sorted(dict.fromkeys(found), key=len, reverse=True))


def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(item) for item in items)


_LETTER = "a-zA-ZÀ-ỹĐđ"
_UPPER = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠ-ỸĐ"
_NOT_LETTER = rf"(?![{_LETTER}])"
#: a word; Ê-đê and Gia Rai names keep their apostrophe (H'Bla, M'gar)
_WORD = re.compile(rf"[{_LETTER}]+(?:['’][{_LETTER}]+)?")
#: family names that are also honorifics or common words: a family name only
#: when the next word is not one
_HONORIFIC_SURNAMES = frozenset({"Ông", "Văn", "Bà"})
#: middle names so common that ``X Văn Y`` or ``X Thị Y`` is a person whatever X is
_MIDDLE = frozenset({"Văn", "Thị"})

# Lower-case words that end a position written next to a name: verbs and links.
_STOP_WORDS = (
    "đồng chủ trì|chủ trì|cùng|với|phát biểu|khẳng định|nhấn mạnh|cho biết|cho rằng|yêu cầu"
    "|đề nghị|được|đã|đang|sẽ|vừa|tới|đến|thăm|trao|tặng|dự|tham dự|có mặt|báo cáo|trình bày"
    "|chúc mừng|ghi nhận|đánh giá|nêu|kết luận|chỉ đạo|giới thiệu|gửi|thay mặt|chia sẻ|lưu ý"
    "|bày tỏ|thông tin|thông báo|quán triệt|tiếp|làm|giữ|cũng|tại|trong|khi|nhằm|để|về|theo"
    "|vì|ở|là|đọc|công bố|trao đổi|điều hành|khai mạc|bế mạc|tuyên bố|kiểm tra|dẫn đầu"
    "|thông qua|tiếp thu|giải trình|nhận|lên|ra|biểu dương|động viên|mong muốn|tin tưởng"
    "|cảm ơn|gợi mở|phân tích|đề xuất|kiến nghị|tham gia|lắng nghe|đối thoại|trả lời"
    "|tái đắc cử|trúng cử|bầu|giải đáp|quyết định|ký|phê duyệt|tổ chức|đi|đón|hỏi|khen"
    "|trân trọng|ân cần|đánh|xuống|trực tiếp|cắt băng|bấm nút|thắp hương|dâng hương|đặt"
    "|có|gồm|do|của|như|sau|trước|nay|hiện|này|đó|thì|mà|nhưng|song|đồng thời|luôn|rất"
    "|chiều|sáng|tối|ngày|năm|lúc|vào|từ|và|thôi|nghỉ|điều động|chỉ định|bổ nhiệm|nhận"
    "|tiếp tục|kiêm|gặp|hỏi thăm|dâng|viếng|mừng")
#: the stop words by their first word, for a scan word by word (a regex alternation of
#: them, tried at every character, cost more than the rest of the position reading)
_STOP_BY_FIRST: dict[str, list[str]] = {}
for _phrase in sorted(_STOP_WORDS.split("|"), key=len, reverse=True):
    _STOP_BY_FIRST.setdefault(_phrase.split()[0], []).append(_phrase)
#: "dự" is no verb in a unit's name (Cục Y tế dự phòng, Ban Quản lý dự án)
_NOT_DU = frozenset({"phòng", "án", "toán", "thảo", "báo", "trữ", "bị", "khuyết", "thầu"})
_TOKEN = re.compile(r"\S+")


def _first_stop(clause: str, at: int = 0) -> tuple[int, int] | None:
    """(start, end) of the first stop word or phrase in ``clause`` from ``at``."""
    tokens = list(_TOKEN.finditer(clause, at))
    for index, token in enumerate(tokens):
        word = token.group().rstrip(",;:.!?")
        phrases = _STOP_BY_FIRST.get(word)
        if not phrases:
            continue
        for phrase in phrases:
            size = phrase.count(" ") + 1
            if size > 1 and " ".join(t.group() for t in tokens[index:index + size]).rstrip(
                    ",;:.!?") != phrase:
                continue
            if phrase == "dự" and index + 1 < len(tokens) and tokens[index + 1].group().rstrip(
                    ",;:.!?") in _NOT_DU:
                continue
            last = tokens[index + size - 1]
            return token.start(), token.start() + len(phrase) if size == 1 else last.end()
    return None
_TERM_TAIL = re.compile(r"\s+(?:kh(?:óa|oá)\s+[IVXLC]+|nhiệm kỳ\s+\S+(?:\s*[-–—]\s*\S+)?"
                        r"|\(?(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d\)?)\s*$")
_HONORIFIC = re.compile(r"(?:^|[^" + _LETTER + r"])(?:các\s+)?(?:[Đđ]ồng chí|[Đđ]/[Cc]|[Oo]ng|[Bb]à)"
                        r"\s*:?\s*$")
_CREDIT = re.compile(r"(?:\(\s*)?(?:Ảnh|ảnh|ẢNH|Tin, ảnh|Tin và ảnh|Tin - ảnh|Nguồn|NGUỒN|Video"
                     r"|Clip|Đồ họa|Đồ hoạ|Bài và ảnh|Bài, ảnh|Bài)\s*:[^\n)]*\)?")
#: Markdown that names no one: images, link targets, HTML tags, emphasis marks
_MARKUP = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\n]*\)|<[^>\n]*>|[*_`#>\[\]|]")
#: a cheap test that a text may hold a credit (the colon comes first in the scan)
_CREDIT_HINT = re.compile(r"(?:nh|NH|guồn|GUỒN|ideo|lip|họa|Bài)\s*:")
_ELECTED = re.compile(
    r"\s*,?\s*(?:đã\s+)?(?:(?:được|đã được)\s+(?:[^\s,.;]+\s+){0,3}?(?:tín nhiệm\s+)?"
    r"(?:bầu|bầu lại|bầu bổ sung|bầu tiếp)|tái đắc cử|trúng cử|tái cử)"
    r"(?:\s+(?:giữ|vào|làm|là|tiếp tục giữ))?(?:\s+(?:chức vụ|chức danh|chức|vị trí))?\s*"
    r"(?P<position>[^.;\n(]*)")
#: a span of years (digits on either side are refused by the caller: no lookbehind,
#: which would be tried at every character)
_TERM = re.compile(r"([12][09]\d\d)\s?[-–—]\s?([12][09]\d\d)")
#: khóa XVI (a letter before it is refused by the caller)
_COURSE = re.compile(r"[Kk][Hh](?:[Oo][ÁáAa]|[ÓóOo][Aa])\s+([IVXLC]{1,7})(?![" + _LETTER
                     + r"])")
_LEAD_DATE = re.compile(r"(?<![\d/])(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})"
                        r"(?:\s*/\s*(?P<year>\d{4}))?(?![\d/])")
_LEAD_DATE_WORDS = re.compile(r"ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})"
                              r"(?:\s+năm\s+(?P<year>\d{4}))?", re.IGNORECASE)
_LEAD_TIME = re.compile(r"(?<![\d/:])(?P<hour>\d{1,2})\s*(?:giờ|h|g)\s*(?P<minute>\d{2})?"
                        r"(?:\s*phút)?(?![\d/" + _LETTER + r"])")
_PLACE = re.compile(r"(?<![" + _LETTER + r"])tại\s+(?P<place>[^,.;\n(]+)")
_CHAIR_VERB = re.compile(r"(?P<verb>(?:[Đđ]ồng c|[Cc])hủ trì)" + _NOT_LETTER)
_CHAIR_AFTER = re.compile(r"(?:\s+(?:hội nghị|kỳ họp|buổi làm việc|buổi|đại hội|lễ|chương trình"
                          r"|phiên họp|hội thảo|tọa đàm|toạ đàm|cuộc họp|buổi tiếp|buổi gặp mặt|buổi lễ))?"
                          r"\s*(?:(?:có|gồm|là)(?![" + _LETTER + r"])|:)")
_CHAIR_FUNCTION = re.compile(r"\s*(?:,\s*)?(?:phối hợp|tham mưu|xây dựng|thực hiện|triển khai"
                             r"|hướng dẫn|rà soát|theo dõi|tổ chức)")
_BLOCK_CHAIR = re.compile(r"(?<![" + _LETTER + r"])(?:yêu cầu|đề nghị|giao|chỉ đạo|phân công"
                          r"|dự|tham dự)" + _NOT_LETTER)


@dataclass(frozen=True)
class Person:
    """An official the prose names: the name, each position, the role, the line."""

    name: str
    positions: tuple[str, ...]
    role: str
    line: int
    chair: str = ""  # chủ trì or đồng chủ trì when they chaired, whatever ``role`` says


@dataclass(frozen=True)
class Meeting:
    """The meeting the lead describes."""

    kind: str | None = None
    date: date | None = None
    time: str | None = None
    place: str | None = None


@dataclass
class Extraction:
    """What the prose says: people, the meeting, terms."""

    people: list[Person] = field(default_factory=list)
    meeting: Meeting = field(default_factory=Meeting)
    terms: list[str] = field(default_factory=list)


@dataclass
class _Mention:
    name: str
    start: int
    end: int
    positions: list[str]
    tail: int  # the end of the positions written after the name
    marked: bool  # an honorific, a rank or a separator says it is a person
    role: str = ROLE_ATTENDEE
    chair: str = ""


@lru_cache(maxsize=None)
def _lexicon() -> dict[str, object]:
    return {
        "surnames": frozenset(words("surnames")),
        "ranks": words("ranks"),
        "unit_words": frozenset(w.split()[0] for w in words("units")),
        "dotted": frozenset(r for r in words("ranks") if len(r) <= 7 and " " not in r),
        "head": re.compile(rf"(?:Phó\s+)?(?:{_alternation(words('positions'))}){_NOT_LETTER}"),
        "gap": re.compile(rf"\s*(?:,|và)\s*(?:(?:đồng chí|ông|bà)\s+)?"
                          rf"(?:(?:{_alternation(words('ranks'))})\.?\s+)?"),
        "plural": re.compile(rf"(?<![{_LETTER}])các\s+(?:đồng chí\s+)?(?P<head>[^;.:()\n]+?)"
                             rf"\s*:?\s*(?:(?:đồng chí|ông|bà)\s+)?"
                             rf"(?:(?:{_alternation(words('ranks'))})\.?\s+)?$"),
        "rank_start": re.compile(rf"(?:{_alternation(words('ranks'))})\.?\s"),
        "places": frozenset(w.lower() for w in words("places")),
        "unit": re.compile(rf"(?:^|[^{_LETTER}])(?:tỉnh|thành phố|huyện|thị xã|quận)\s*$"),
        "historical": frozenset(vntext.name_key(n) for n in words("historical")),
        "nonnames": re.compile(rf"(?:{_alternation(words('nonnames'))}){_NOT_LETTER}"),
        "kinds": re.compile(rf"(?<![{_LETTER}])(?:{_alternation(words('kinds'))}){_NOT_LETTER}",
                            re.IGNORECASE),
    }


def _titled(word: str) -> bool:
    head, _, tail = word.replace("’", "'").partition("'")
    return word[0].isupper() and (len(head) == 1 or head[1:].islower()) and (
        not tail or tail[1:].islower() or len(tail) == 1)


_ALL_LETTERS = [chr(c) for c in range(0x41, 0x1EFA)
                if re.fullmatch(f"[{_LETTER}]", chr(c)) and chr(c).isalpha()]
_LOWER_SET = "".join(c for c in _ALL_LETTERS if c.islower())
_UPPER_SET = "".join(c for c in _ALL_LETTERS if c.isupper())
#: two or more capitalised words joined by single spaces
_TITLED = rf"[{_UPPER_SET}][{_LOWER_SET}]*(?:['’][{_UPPER_SET}{_LOWER_SET}][{_LOWER_SET}]*)?"
_RUN = re.compile(rf"(?<![{_LETTER}'’]){_TITLED}(?: {_TITLED})+(?![{_LETTER}])")


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of two or more capitalised words joined by single spaces
    (candidate names), each as its words."""
    lex = _lexicon()
    found = []
    for run in _RUN.finditer(text):
        words = run.group().split(" ")
        # only a run holding a family name, a middle name or H' can hold a name
        if any(w in lex["surnames"] or w in _MIDDLE or w[:2] in ("H'", "H’") for w in words):
            found.append(list(_WORD.finditer(text, run.start(), run.end())))
    return found


def _name_in(text: str, run: list[re.Match[str]]) -> tuple[int, int] | None:
    """(start, end) of the person's name inside a capitalised run, if any."""
    lex = _lexicon()
    before = text[:run[0].start()]
    after_place = _after_place(before)
    first = 2 if after_place else 0  # a place's own name comes first: tỉnh Hà Tĩnh Võ …
    starts = list(range(first, len(run) - 1))
    if after_place and len(run) >= 3 and lex["unit"].search(before[-12:]):
        starts.append(0)  # Chủ tịch UBND thị xã Đoàn Thị Túy: a unit, then its head's name
    for index in starts:
        word, following = run[index].group(), run[index + 1].group()
        if word[:2] in ("H'", "H’") and len(word) > 2:
            pass  # H'Bla Mlô: the Ê-đê women's prefix starts a name
        elif word not in lex["surnames"]:
            # a family name not in the list: X Văn Y, X Thị Y (three words or more)
            if following not in _MIDDLE or index + 2 >= len(run) or lex["head"].match(
                    text, run[index].start()) or word in lex["unit_words"]:
                continue
        elif word in _HONORIFIC_SURNAMES:
            if index != starts[0] or (following in lex["surnames"]
                                      and following not in _HONORIFIC_SURNAMES):
                continue  # Ông Nguyễn Văn A: the honorific; Ông Văn Nghị: the family name
        if lex["nonnames"].match(text, run[index].start()):
            continue
        end = index + 1
        while end < len(run) and end - index < 4 and not lex["head"].match(
                text, run[end].start()):
            end += 1
        if end - index < 2:
            continue
        return run[index].start(), run[end - 1].end()
    return None


def _after_place(before: str) -> bool:
    """Whether a name right after ``before`` names a place (phường Lê Lợi,
    trường THPT Nguyễn Du), not a person; ``môi trường`` is no school."""
    tail = before[-30:].split()
    if not tail or tail[-1][-1:] in ",;:.":
        return False
    places = _lexicon()["places"]
    for size in (1, 2, 3):
        phrase = " ".join(tail[-size:]).lower()
        if phrase in places:
            return not (size == 1 and len(tail) > 1 and phrase == "trường" and tail[-2].lower()
                        in ("môi", "quảng", "thị", "chiến"))
    return False


def _strip_rank(text: str) -> str:
    """``text`` without a rank at its end (``… Đại tá``, ``… TS.``)."""
    bare = text.rstrip()
    for rank in _lexicon()["ranks"]:
        for written in (rank + ".", rank):
            if bare.endswith(written) and (len(bare) == len(written) or not bare[
                    -len(written) - 1].isalpha()):
                return bare[:-len(written)]
    return text


def _clean_position(segment: str) -> str:
    segment = vntext.collapse(segment).strip(" ,:–—-")
    segment = re.sub(r"^(?:các|là|tân|nguyên là)\s+", "", segment)
    previous = None
    while previous != segment:
        previous, segment = segment, _TERM_TAIL.sub("", segment).strip(" ,")
    return segment


def _segments(clause: str) -> list[str]:
    """A clause cut at commas, except where the comma is inside a unit's name
    (``Sở Văn hóa, Thể thao và Du lịch``)."""
    head = _lexicon()["head"]
    parts: list[str] = []
    for piece in clause.split(","):
        stripped = piece.strip()
        if parts and stripped and (_titled(stripped.split()[0]) and not head.match(stripped)
                                   and not _starts_name(stripped) or (
                stripped.startswith("chống") and parts[-1].rstrip().endswith(("Phòng", "phòng")))):
            parts[-1] += "," + piece
        else:
            parts.append(piece)
    return parts


def _starts_name(text: str) -> bool:
    found = _WORD.findall(text[:40])
    return len(found) >= 2 and found[0] in _lexicon()["surnames"] and _titled(found[1])


def _cut_at_stop(clause: str) -> str:
    """``clause`` up to the first verb or link word, keeping ``và`` inside a
    unit's name (``Sở Tài nguyên và Môi trường``)."""
    at = 0
    while True:
        found = _first_stop(clause, at)
        if not found:
            return clause
        word = clause[found[0]:found[1]]
        rest = clause[found[1]:].lstrip()
        first = rest.split()[0] if rest else ""
        if word == "và" and first.isupper() and len(first) > 1 and not _lexicon()[
                "rank_start"].match(rest):  # Đoàn ĐBQH và HĐND tỉnh
            at = found[1]
            continue
        if word in ("và", "của") and rest and _titled(rest.split()[0]) and not _starts_name(rest) \
                and not _lexicon()["head"].match(rest) and not _lexicon()["rank_start"].match(rest):
            at = found[1]
            continue
        return clause[:found[0]].rstrip()


def _positions_after(text: str, end: int) -> tuple[list[str], int]:
    """Positions written right after a name and where they end."""
    separator = re.match(r"(?:\s*[–—]\s*|\s+-\s*|-\s+|\s*,\s*|\s*\(\s*)", text[end:])
    if not separator:
        return [], end
    start = end + separator.end()
    clause = re.split(r"[;.!?\n():]", text[start:start + 400])[0]
    clause = _cut_at_stop(clause)
    found: list[str] = []
    length = 0
    for segment in _segments(clause):
        stripped = segment.strip()
        bare = re.sub(r"^nguyên\s+", "", stripped)
        if not stripped or not _lexicon()["head"].match(bare) or _starts_name(stripped):
            break
        if _holder_named(text, start + length, start + length + len(segment)):
            break  # ông A, Chủ tịch UBND xã B Giàng Seo Phử …: the position is the next name's
        found.append(_clean_position(stripped))
        length += len(segment) + 1
    return found, start + max(0, length - 1) if found else end


def _holder_named(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, a position, ends with its own holder's name
    (written position first)."""
    for run in _RUN.finditer(text, start, end):
        words = list(_WORD.finditer(text, run.start(), run.end()))
        if len(words) >= 3 and _name_in(text, words):
            return True
    return False


def _positions_before(text: str, start: int) -> list[str]:
    """Positions written right before a name (``Bí thư Tỉnh ủy Lâm Quốc Trung``)."""
    before = text[max(0, start - 300):start]
    boundary = max(before.rfind(c) for c in ";:.!?\n()")
    clause = before[boundary + 1:]
    clause = re.sub(r"(?:\s*(?:các\s+)?(?:[Đđ]ồng chí|[Oo]ng|[Bb]à))?\s*$", "", clause)
    clause = _strip_rank(clause).rstrip()
    if not clause or clause.endswith(","):
        return []
    segments = clause.split(",")
    found: list[str] = []
    last = segments[-1]
    heads = list(_lexicon()["head"].finditer(last))
    chosen = None
    for match in heads:
        if _first_stop(last, match.start()) is None or _cut_at_stop(
                last[match.start():]) == last[match.start():]:
            chosen = match
            break
    if chosen is None:
        return []
    found.append(_clean_position(last[chosen.start():]))
    if chosen.start() > 0 and last[:chosen.start()].strip() not in ("", "các", "tân"):
        return found
    for segment in reversed(segments[:-1]):
        stripped = segment.strip()
        stripped = re.sub(r"^(?:các\s+)?(?:[Đđ]ồng chí|[Oo]ng|[Bb]à)\s+", "", stripped)
        if not _lexicon()["head"].match(stripped) or _cut_at_stop(stripped) != stripped:
            break
        found.insert(0, _clean_position(stripped))
    return found


def _mentions(text: str) -> list[_Mention]:
    lex = _lexicon()
    found = []
    for run in _runs(text):
        span = _name_in(text, run)
        if span is None:
            continue
        start, end = span
        name = text[start:end]
        if vntext.name_key(name) in lex["historical"]:
            continue
        before = text[max(0, start - 60):start]
        after, tail = _positions_after(text, end)
        prior = [] if after else _positions_before(text, start)
        if start == run[0].start() and _after_place(before) and not (
                prior and lex["unit"].search(before[-12:]) and len(name.split()) >= 3):
            continue  # phường Lê Lợi, trường THPT Nguyễn Du
        honorific = bool(_HONORIFIC.search(before) or _strip_rank(before) != before)
        if prior and len(name.split()) < 3 and not honorific:
            continue  # Bí thư Huyện ủy Ninh Hải: a place, not a two-syllable name
        marked = bool(after or honorific)
        found.append(_Mention(name, start, end, after or prior, tail, marked or bool(prior)))
    return found


def _plural(text: str, people: list[_Mention]) -> None:
    """``các Phó Chủ tịch UBND tỉnh: A, B và C``: the listed names share the position."""
    for index, person in enumerate(people):
        if not person.positions:
            head = _plural_head(text, people, index)
            if head:
                person.positions = [head]
                person.marked = True


def _plural_head(text: str, people: list[_Mention], index: int) -> str | None:
    """The plural position that opens the list ``people[index]`` belongs to."""
    first = index
    while first > 0 and index - first < _LIST_LIMIT:
        between = text[people[first - 1].tail:people[first].start]
        if not _lexicon()["gap"].fullmatch(between):
            break
        first -= 1
    opener = text[max(0, people[first].start - 120):people[first].start]
    match = _lexicon()["plural"].search(opener)
    if not match or not _lexicon()["head"].match(match.group("head")):
        return None
    if _cut_at_stop(match.group("head")) != match.group("head"):
        return None
    if people[first].positions and people[first].positions[-1] != _clean_position(
            match.group("head")):
        return None
    return _clean_position(match.group("head"))


def _find_all(text: str, word: str) -> list[int]:
    """Every offset of ``word`` in ``text`` (str.find: far faster than a regex)."""
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


_BOUNDARY = re.compile(r"[.!?](?=\s)|\n")
#: how far a sentence is looked for around a word (longer ones are cut there)
_SENTENCE_REACH = 800


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    return match.group() != "." or text[max(0, match.start() - 7):match.start()].rsplit(
        " ", 1)[-1] not in _lexicon()["dotted"]  # TS. ends no sentence


def _sentence_at(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence holding ``offset``."""
    low = max(0, offset - _SENTENCE_REACH)
    start = low
    for match in _BOUNDARY.finditer(text, low, offset):
        if _is_boundary(text, match):
            start = match.end()
    end = min(len(text), offset + _SENTENCE_REACH)
    for match in _BOUNDARY.finditer(text, offset, end):
        if _is_boundary(text, match):
            return start, match.end()
    return start, end


def _chairs(text: str, people: list[_Mention]) -> None:
    """Who chaired: ``X chủ trì``, ``do X chủ trì``, ``dưới sự chủ trì của X``,
    ``Chủ trì hội nghị có X``, ``A và B đồng chủ trì``."""
    verbs = [verb for at in _find_all(text, "hủ trì")
             for verb in [_CHAIR_VERB.match(text, max(0, at - 5)) or _CHAIR_VERB.match(
                 text, max(0, at - 1))] if verb and (not verb.start() or not text[
                     verb.start() - 1].isalpha())]
    starts = [person.start for person in people]
    for verb in verbs:
        if _CHAIR_FUNCTION.match(text, verb.end()):
            continue  # Sở X chủ trì, phối hợp …
        word = verb.group("verb").lower()
        start, end = _sentence_at(text, verb.start())
        low, at = bisect.bisect_left(starts, start), bisect.bisect_left(starts, verb.start())
        high = bisect.bisect_left(starts, end)
        before = [p for p in people[max(low, at - _LIST_LIMIT):at]
                  if (p.positions or p.marked) and p.end <= verb.start()]
        after = [p for p in people[at:min(high, at + _LIST_LIMIT)]
                 if (p.positions or p.marked) and p.start >= verb.end()]
        lead_in = text[max(start, verb.start() - 12):verb.start()]
        chairs: list[_Mention] = []
        if re.search(r"(?:dưới|với)\s+sự\s*$", lead_in) or _CHAIR_AFTER.match(text, verb.end()):
            for person in after:
                if _BLOCK_CHAIR.search(text, verb.end(), person.start):
                    break
                chairs.append(person)
        elif before:
            last = before[-1]
            if not _BLOCK_CHAIR.search(text[last.tail:verb.start()]):
                chairs = [last]
                for earlier in reversed(before[:-1]):
                    if re.fullmatch(r"\s*(?:,|và|cùng)\s*(?:(?:đồng chí|ông|bà)\s+)?",
                                    text[earlier.tail:chairs[0].start]):
                        chairs.insert(0, earlier)
                    else:
                        break
        for person in chairs:
            many = len(chairs) > 1 or word == "đồng chủ trì"
            person.chair = ROLE_COCHAIR if many else ROLE_CHAIR
            if _STRENGTH[person.role] < _STRENGTH[person.chair]:
                person.role = person.chair


_APPOINTED = re.compile(r"\s*,?\s*(?:tái\s+)?giữ\s+(?:chức vụ|chức danh|chức)\s*"
                        r"(?P<position>[^.;\n(]*)")
_ELECT_LIST = re.compile(r"(?<![" + _LETTER + r"])bầu(?:\s+(?:bổ sung|lại))?\s+(?:các\s+)?"
                         r"(?:(?:đồng chí|ông|bà)\s*)?(?P<head>[^;.()\n]{0,80}?)\s*:?\s*$")


def _list_of(text: str, people: list[_Mention], index: int) -> list[_Mention]:
    """The names listed together up to ``people[index]`` (``A, B và C``)."""
    first = index
    while first > 0 and index - first < _LIST_LIMIT and _lexicon()["gap"].fullmatch(
            text, people[first - 1].tail, people[first].start):
        first -= 1
    return people[first:index + 1]


def _elections(text: str, people: list[_Mention]) -> None:
    """``X … được bầu giữ chức P``, ``X tái đắc cử P``, ``A và B được bầu làm P``,
    ``bầu đồng chí X giữ chức P``, ``bầu các đồng chí Phó Bí thư: A, B``."""
    for index, person in enumerate(people):
        members = _list_of(text, people, index)
        match = _ELECTED.match(text, person.tail)
        elected = bool(match)
        if not match:
            match = _APPOINTED.match(text, person.tail)
            if match:
                start = _sentence_at(text, person.start)[0]
                elected = bool(re.search(r"(?<![" + _LETTER + r"])bầu" + _NOT_LETTER,
                                         text[start:members[0].start]))
        if not match:
            opener = _ELECT_LIST.search(text[max(0, members[0].start - 100):members[0].start])
            if opener and (not opener.group("head") or _lexicon()["head"].match(
                    opener.group("head"))):
                for member in members:
                    if _STRENGTH[member.role] < _STRENGTH[ROLE_ELECTED]:
                        member.role = ROLE_ELECTED
            continue
        # the position up to a verb or a comma outside a unit's name
        position = (_segments(_cut_at_stop(match.group("position"))) or [""])[0].strip()
        position = _clean_position(position) if _lexicon()["head"].match(position) else ""
        for member in members:
            if elected and _STRENGTH[member.role] < _STRENGTH[ROLE_ELECTED]:
                member.role = ROLE_ELECTED
            if position and position not in member.positions:
                member.positions.append(position)
                member.marked = True


_PART_OF_DAY = re.compile(r"(?:sáng|chiều|tối|trưa|đêm|ngày|hôm)\s+(?:ngày\s*)?(?P<day>\d{1,2})"
                          r"(?:\s+và\s+\d{1,2})?\s*/\s*(?P<month>\d{1,2})"
                          r"(?:\s*/\s*(?P<year>\d{4}))?(?![\d/])", re.IGNORECASE)


def _meeting(lead: str, title: str, year: int | None) -> Meeting:
    """Kind, day, time and place of the meeting, from the lead (``Sáng ngày
    14/03/2019, tại Hội trường Thành ủy, … tổ chức Hội nghị …``)."""
    day = None
    for pattern in (_PART_OF_DAY, _LEAD_DATE_WORDS, _LEAD_DATE):
        when = pattern.search(lead)
        if when and (when.group("year") or year):
            try:
                day = date(int(when.group("year") or year), int(when.group("month")),
                           int(when.group("day")))
                break
            except ValueError:
                continue
    clock = None
    for match in _LEAD_TIME.finditer(lead):
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        if hour < 24 and minute < 60:
            clock = f"{hour:02d}:{minute:02d}"
            break
    place = _PLACE.search(lead)
    kind = None
    # the kind the lead names outside its place (not "tại Trung tâm Hội nghị tỉnh")
    outside = lead if place is None else lead[:place.start()] + " " + lead[place.end():]
    for source in (outside, title):
        found = _lexicon()["kinds"].search(source)
        if found:
            kind = found.group()[0].upper() + found.group()[1:]
            break
    return Meeting(kind and vntext.canonical_tones(kind), day, clock,
                   place and vntext.canonical_tones(vntext.collapse(place.group("place"))))


def terms(text: str) -> list[str]:
    """Terms named in ``text``: ``nhiệm kỳ 2020-2025`` (any dash, spaced or
    not), ``khóa XVI``; periods of plans and school years are not terms."""
    found = []
    text = vntext.nfc(text)
    matches = [m for m in _COURSE.finditer(text)
               if not m.start() or not text[m.start() - 1].isalpha()]
    spans = [m for m in _TERM.finditer(text) if not (
        m.start() and text[m.start() - 1].isdigit()) and not (
        m.end() < len(text) and text[m.end()].isdigit())]
    matches = sorted(matches + spans, key=lambda m: m.start())
    for match in matches:
        if match.re is _COURSE:
            found.append(f"khóa {match.group(1).upper()}")
            continue
        first, last = int(match.group(1)), int(match.group(2))
        before = text[max(0, match.start() - 30):match.start()].lower()
        if 0 < last - first <= 6 and re.search(r"(?:nhiệm kỳ|kh(?:óa|oá) [ivxlc]+,?|\bkỳ)\s*\(?$",
                                                before):
            found.append(f"{first}-{last}")
    return list(dict.fromkeys(found))


def _widest(positions: tuple[str, ...]) -> tuple[str, ...]:
    """Positions without those another one spells out (``Thứ trưởng`` beside
    ``Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn``)."""
    return tuple(p for p in positions
                 if not any(o != p and o.startswith(p + " ") for o in positions))


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def extract(text: str, year: int | None = None, title: str = "", first_line: int = 1,
            byline: bool = True) -> Extraction:
    """What the prose ``text`` (Markdown or plain) says: the officials it names
    with their positions and roles, the meeting of its lead, and the terms.

    Only the first :data:`READ_LIMIT` characters are read. ``first_line`` is
    the line number of the text's first line in its file;
    with ``byline``, a short last line without a full stop is taken for the
    author's name and ignored."""
    text = vntext.nfc(text[:READ_LIMIT])  # both tone placements are read as they are
    title = vntext.nfc(title.replace("\n", " "))
    text_start = len(title) + 2 if title else 0
    text = f"{title}\n\n{text}" if title else text  # a title names people too
    first_line -= 2 if title else 0
    prose = _MARKUP.sub(_blank, text)  # Markdown names no one; offsets and lines kept
    prose = _CREDIT.sub(_blank, prose) if _CREDIT_HINT.search(prose) else prose  # credits
    if byline:
        lines = prose.rstrip().split("\n")
        last = lines[-1].strip()
        if last and len(last) < 60 and not last.endswith((".", ":", ";", "!", "?")):
            prose = prose[:prose.rstrip().rfind("\n") + 1] if len(lines) > 1 else ""
            prose = prose.ljust(len(text))
    found = _mentions(prose)
    _plural(prose, found)
    _elections(prose, found)
    _chairs(prose, found)
    officials = {vntext.name_key(m.name) for m in found if m.positions}
    breaks = [match.start() for match in re.finditer("\n", prose)]
    people: dict[str, Person] = {}
    for item in found:
        key = vntext.name_key(item.name)
        if key not in officials:
            continue
        line = first_line + bisect.bisect_right(breaks, max(item.start, text_start) - 1)
        known = people.get(key)
        written = tuple(dict.fromkeys(vntext.canonical_tones(p) for p in item.positions))
        if known is None:
            people[key] = Person(vntext.canonical_tones(item.name), written, item.role, line,
                                 item.chair)
            continue
        role = item.role if _STRENGTH[item.role] > _STRENGTH[known.role] else known.role
        positions = known.positions + tuple(p for p in written if p not in known.positions)
        people[key] = Person(known.name, positions, role, known.line,
                             known.chair or item.chair)
    people = {key: dataclasses.replace(person, positions=_widest(person.positions))
              for key, person in people.items()}
    lead = next((p for p in re.split(r"\n\s*\n", prose[text_start:]) if p.strip()), "")
    return Extraction(list(people.values()), _meeting(lead, title, year), terms(text))

"""Vietnamese text rules shared by every part of the portal.

Pure functions only: NFC normalisation, one spelling for old/new tone
placement, folding to ASCII (đ → d) for slugs and search, honorific
stripping, and a collation key in Vietnamese alphabet and tone order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

__all__ = [
    "nfc",
    "collapse",
    "hidden_character",
    "foreign_letters",
    "canonical_tones",
    "fold",
    "slugify",
    "skeleton",
    "shorten_slug",
    "strip_honorific",
    "name_key",
    "collation_key",
    "name_parts",
    "initial",
    "person_key",
    "d_folded_words",
]

# Combining tone marks: huyền, hỏi, ngã, sắc, nặng (dictionary order).
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_SET = frozenset(_TONES)
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Open syllables whose tone sits on the first vowel in the traditional
# placement (hòa, hòe, thủy) and on the second in the new one (hoà, hoè, thuỷ).
_MOVABLE = re.compile(r"([^aăâeêioôơuưy]*)(o[ae]|uy)")
# Words where the new placement put the tone on the second vowel of oa/oe/uy:
# the only ones canonical_tones may change (a fast first pass).
_NEW_PAIR = "[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]"
_HAS_NEW_PAIR = re.compile(_NEW_PAIR)
_WORD_REST = re.compile(r"\w*")
_HONORIFIC = re.compile(r"^(?:đồng\s+chí|đ/c|ông|bà)\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _latin(letter: str) -> bool:
    return unicodedata.name(letter, "").startswith("LATIN ")


def foreign_letters(text: str) -> str:
    """The letters of ``text`` outside the Latin script (Vietnamese is written
    in Latin letters only): Cyrillic or Greek look-alikes, fullwidth forms…"""
    return "".join(dict.fromkeys(c for c in text if c.isalpha() and not _latin(c)))


#: characters no report needs: C0/C1 controls but tab and line feed, and the
#: invisible format characters (zero-width spaces and joiners, direction marks
#: and overrides, word joiners, a BOM inside the text, soft hyphens, tags)
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c"
                     "\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180e"
                     "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0"
                     "\ufff0-\ufffb\U000e0000-\U000e007f]")


def hidden_character(text: str) -> tuple[int, str] | None:
    """(index, character) of the first control or invisible character, if any."""
    match = _HIDDEN.search(text)
    return (match.start(), match.group()) if match else None


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """NFC, with runs of white space collapsed to one space and trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Return the syllable without its tone mark (NFC) and that mark."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((c for c in decomposed if c in _TONE_SET), None)
    bare = "".join(c for c in decomposed if c not in _TONE_SET)
    return nfc(bare), tone


@lru_cache(maxsize=1 << 13)  # a few words (hoàn, Hoàng, đoàn…) make most of the pairs
def _retone(word: str) -> str:
    bare, tone = _split_tone(word)
    if tone is None:
        return word
    lower = bare.lower()
    movable = _MOVABLE.fullmatch(lower)
    if not movable or lower.startswith(("qu", "gi")):
        return word
    at = len(movable.group(1))  # index of o/u, the first vowel of the pair
    return nfc(bare[: at + 1] + tone + bare[at + 1 :])


def canonical_tones(text: str) -> str:
    """Put tone marks in one placement, so that Hoà and Hòa, Thuỷ and Thủy
    are spelt alike (the traditional placement: Hòa, Thủy, Ủy)."""
    text = nfc(text)
    out, last = [], 0
    # each word holding a pair the new placement may have toned (oà, uỷ…),
    # found from the pair out: one pattern for the whole word (\w*pair\w*)
    # backtracks through every word of the text, five times slower
    for pair in _HAS_NEW_PAIR.finditer(text):
        if pair.start() < last:
            continue  # a second pair of a word already taken
        start = pair.start()
        while start and _is_word_char(text[start - 1]):
            start -= 1
        end = _WORD_REST.match(text, pair.end()).end()
        out += [text[last:start], _retone(text[start:end])]
        last = end
    if not out:  # most text: nothing to move
        return text
    out.append(text[last:])
    return "".join(out)


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a pattern: a letter, a digit or ``_``."""
    return char.isalnum() or char == "_"


def other_tones(text: str) -> str:
    """The other tone placement of ``text`` (Hòa → Hoà, Thủy → Thuỷ, Ủy → Uỷ):
    with :func:`canonical_tones`, both spellings of a word list."""
    def move(match: re.Match[str]) -> str:
        bare, tone = _split_tone(match.group(0))
        movable = _MOVABLE.fullmatch(bare.lower())
        if tone is None or not movable or bare.lower().startswith(("qu", "gi")):
            return match.group(0)
        at = len(movable.group(1)) + 1  # the second vowel of the pair
        return nfc(bare[: at + 1] + tone + bare[at + 1 :])

    return _WORD.sub(move, canonical_tones(text))


#: the combining marks of U+0300–U+036F (every Vietnamese mark once decomposed),
#: removed by one pattern; other marks, rare, character by character
_LATIN_MARKS = re.compile("[" + "".join(chr(code) for code in range(0x300, 0x370)
                                        if unicodedata.combining(chr(code))) + "]+")


def fold(text: str) -> str:
    """Lower-case ASCII form for search and slugs: marks removed, đ → d."""
    bare = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text.lower().replace("đ", "d")))
    if bare.isascii():
        return bare
    return "".join(c for c in bare if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """ASCII slug: ``Đại hội Đảng bộ`` → ``dai-hoi-dang-bo``."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


#: letters that look like others in most fonts, after folding to lower case
_LOOKALIKE = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("l", "i"))


def skeleton(text: str) -> str:
    """What a name looks like on screen: folded, look-alike letters merged
    (Lâm and Iâm, Nguyễn Văn Hùng and Nguyễn Văn Hừng look the same)."""
    text = fold(text)
    for many, one in _LOOKALIKE:
        text = text.replace(many, one)
    return text


def shorten_slug(slug: str, limit: int) -> str:
    """``slug`` cut at the last '-' that keeps it within ``limit`` characters."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:limit]


def strip_honorific(name: str) -> str:
    """Remove leading honorifics (đồng chí, đ/c, ông, bà) from a name."""
    name = collapse(name)
    while True:
        stripped = _HONORIFIC.sub("", name, count=1)
        if stripped == name:
            return name
        name = stripped


@lru_cache(maxsize=1 << 16)  # the same few hundred names, thousands of times
def name_key(name: str) -> str:
    """Identity of a person's name: NFC, trimmed, honorifics stripped, one
    tone placement, lower case. Names differing in any letter or tone differ."""
    return canonical_tones(strip_honorific(name)).lower()


def name_parts(name: str) -> tuple[str, str, str]:
    """Split a full name into (family, middle, given): first word, last word."""
    words = strip_honorific(name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _letters_and_tone(syllable: str) -> tuple[tuple[int, ...], int]:
    bare, tone = _split_tone(syllable.lower())
    letters = tuple(_LETTER_RANK.get(c, len(_ALPHABET) + ord(c)) for c in bare)
    return letters, 0 if tone is None else _TONES.index(tone) + 1


@lru_cache(maxsize=1 << 16)
def collation_key(text: str) -> tuple:
    """Sort key in Vietnamese dictionary order: syllable by syllable, letters
    first (a ă â b c d đ e ê …), then tone (ngang, huyền, hỏi, ngã, sắc, nặng)."""
    syllables = canonical_tones(collapse(text)).split(" ")
    return tuple(_letters_and_tone(s) for s in syllables if s)


def initial(text: str) -> str:
    """Upper-case first letter without its tone: Ánh → A, Ấn → Â, Đức → Đ."""
    bare, _ = _split_tone(text[:1])
    return bare.upper()


def person_key(family: str, middle: str, given: str) -> tuple:
    """Sort key for people the Vietnamese way: given name, family, middle."""
    return (collation_key(given), collation_key(family), collation_key(middle))


def d_words(text: str) -> list[str]:
    """The words of ``text`` containing đ/Đ, as written, once each, in order."""
    found: dict[str, None] = {}
    # the pieces between spaces that hold a đ, then their words: words never
    # span a space, and splitting is far quicker than finding every word, or
    # than a pattern around đ
    for piece in [piece for piece in text.split() if "đ" in piece or "Đ" in piece]:
        for word in _WORD.findall(piece):
            if "đ" in word or "Đ" in word:
                found[word] = None
    return list(found)


_fold_word = lru_cache(maxsize=1 << 16)(fold)  # the same words on every page


_TAG = re.compile(r"<[^>]+>")


def body_d_words(html: str) -> list[str]:
    """The đ-words of an HTML body's text (tags left out)."""
    return d_words(_TAG.sub(" ", html))


def fold_words(words: Iterable[str]) -> str:
    """``words`` folded to ASCII, once each, space-separated."""
    return " ".join(dict.fromkeys(_fold_word(word) for word in words))


def d_folded_words(*texts: str) -> str:
    """The words containing đ/Đ, folded to ASCII, once each, space-separated.

    Search engines that strip combining marks cannot fold đ (it has no
    decomposition): pages carry these forms so "hdnd" finds "HĐND".
    """
    return fold_words(word for text in texts for word in d_words(text))

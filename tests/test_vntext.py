"""Vietnamese text rules (plugins/vntext.py)."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

import vntext
from conftest import generate_corpus


@pytest.mark.parametrize("old, new", [
    ("Hoà", "Hòa"), ("Thuỷ", "Thủy"), ("Uỷ ban", "Ủy ban"), ("khoẻ", "khỏe"),
    ("HOÀ", "HÒA"), ("Thành uỷ", "Thành ủy"),
])
def test_tone_placement_is_one_spelling(old: str, new: str) -> None:
    assert vntext.canonical_tones(old) == vntext.canonical_tones(new) == new
    assert len(vntext.canonical_tones(old)) == len(old)


@pytest.mark.parametrize("word", ["quý", "Quỳnh", "Huỳnh", "hoàn", "thuyền", "giữa", "Nguyễn"])
def test_tone_placement_leaves_other_syllables(word: str) -> None:
    assert vntext.canonical_tones(word) == word


def test_fold_and_slugify_turn_d_bar_into_d() -> None:
    assert vntext.fold("Đại hội Đảng bộ HĐND") == "dai hoi dang bo hdnd"
    assert vntext.slugify("Đồng chí Nguyễn Tư Khánh!") == "dong-chi-nguyen-tu-khanh"
    assert vntext.slugify(unicodedata.normalize("NFD", "Lê Anh Xuân")) == "le-anh-xuan"


def test_fold_drops_every_combining_mark_and_only_those() -> None:
    """fold's fast path (marks of U+0300–U+036F by one pattern) gives what its
    definition gives: NFD, then every character of a non-zero combining class
    left out; marks of other scripts too, and U+034F (class 0) kept."""
    def defined(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    rng = random.Random(24)
    samples = ["Khánh Hòa, Thuỷ, Đắk Lắk", "naïve café", "עִבְרִית", "देवनागरी", "x\u034fy",
               "ǅ ﬁ İ ß", *("".join(chr(rng.randrange(0x20, 0x2400)) for _ in range(12))
                            for _ in range(5000))]
    for text in samples:
        assert vntext.fold(text) == defined(text), ascii(text)
    assert vntext.fold("x\u034fy") == "x\u034fy"
    assert vntext.fold("עִבְרִית") == "עברית"


def test_nfc_and_collapse() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn  Tư\tKhánh ")
    assert vntext.collapse(nfd) == "Nguyễn Tư Khánh"
    assert unicodedata.is_normalized("NFC", vntext.collapse(nfd))


@pytest.mark.parametrize("written", [
    "đồng chí Nguyễn Tư Khánh", "Đồng chí Nguyễn Tư Khánh", "đ/c Nguyễn Tư Khánh",
    "Đ/c  Nguyễn Tư Khánh", "ông Nguyễn Tư Khánh",
])
def test_honorifics_are_stripped(written: str) -> None:
    assert vntext.strip_honorific(written) == "Nguyễn Tư Khánh"


def test_name_keys_merge_tone_placement_but_not_tones() -> None:
    assert vntext.name_key("Võ Thị Hoà") == vntext.name_key("đồng chí Võ Thị Hòa")
    assert vntext.name_key("Nguyễn Thị Hà") != vntext.name_key("Nguyễn Thị Hạ")
    assert vntext.slugify("Nguyễn Thị Hà") == vntext.slugify("Nguyễn Thị Hạ")


def test_collation_follows_the_vietnamese_alphabet_and_tones() -> None:
    expected = ["a", "à", "ả", "ã", "á", "ạ", "ă", "â", "b", "c", "d", "đ", "e", "ê",
                "g", "i", "o", "ô", "ơ", "u", "ư", "y"]
    assert sorted(reversed(expected), key=vntext.collation_key) == expected
    words = ["Đức", "Dung", "Ân", "Anh", "An", "Ánh", "bác", "bá", "ba"]
    assert sorted(words, key=vntext.collation_key) == [
        "An", "Anh", "Ánh", "Ân", "ba", "bá", "bác", "Dung", "Đức"]


def test_name_parts_and_initial() -> None:
    assert vntext.name_parts("Đồng chí Nguyễn Tư Khánh") == ("Nguyễn", "Tư", "Khánh")
    assert vntext.name_parts("Trần Thị Thu Hương") == ("Trần", "Thị Thu", "Hương")
    assert [vntext.initial(w) for w in ["Ánh", "Ấn", "Ăn", "đức", "Dung"]] == [
        "A", "Â", "Ă", "Đ", "D"]


# -- the quick forms equal the pattern definitions they replace --------------------

_REFERENCE_PLACEMENT = re.compile(r"(?<!\w)\w*" + vntext._NEW_PAIR + r"\w*")
_REFERENCE_WORD = re.compile(r"\w+")


def _reference_canonical_tones(text: str) -> str:
    """canonical_tones as one pattern for a whole word holding a pair."""
    return _REFERENCE_PLACEMENT.sub(lambda word: vntext._retone(word.group(0)),
                                    vntext.nfc(text))


def _reference_d_words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in _REFERENCE_WORD.findall(text) if "đ" in w or "Đ" in w))


_EDGES = [
    "", "oà", "Hoà", "hoà.", ".hoà", "xoà xoà hoà", "thuở_hoà", "hoà_", "_hoà", "2hoà3",
    "oàoà", "hoàhoè uỷ", "Khoẻ, Thuỷ; Uỷ ban — Hoà!", "quỳ quý giã", "hoạch hoàn đoàn Huỳnh",
    "a\u0300oà", "\u0300oà", "oà\u0300", "ĐĐ đ_đ HĐND-UBND Đà/Nẵng", "x\u00a0đoàn\u2009hoà",
    "hoà\nthuỷ\tkhoẻ", "<p>Hoà</p><a>Thuỷ</a>", "ᵒhoà", "½hoà", "hoà²",
]


@pytest.mark.parametrize("text", _EDGES)
def test_quick_forms_equal_the_patterns_on_edges(text: str) -> None:
    assert vntext.canonical_tones(text) == _reference_canonical_tones(text)
    assert vntext.d_words(text) == _reference_d_words(text)


def test_quick_forms_equal_the_patterns_on_random_and_generated_text(tmp_path) -> None:
    pieces = ["o", "u", "O", "U", "à", "ạ", "ỷ", "Ý", "ẻ", "a", "h", "q", "đ", "Đ", "_", "1",
              "²", "\u0300", " ", ".", "\n", "-", "ư", "ơ", "y"]
    chance = random.Random(20261203)
    texts = ["".join(chance.choice(pieces) for _ in range(chance.randint(1, 40)))
             for _ in range(3000)]
    corpus = generate_corpus(60, tmp_path / "bai-viet", "pelican")
    texts += [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.md"))]
    moved = 0
    for text in texts:
        assert vntext.canonical_tones(text) == _reference_canonical_tones(text), text
        assert vntext.d_words(text) == _reference_d_words(text), text
        moved += vntext.canonical_tones(text) != vntext.nfc(text)
    assert moved > 30  # the texts do hold words whose tone moves

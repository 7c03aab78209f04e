"""Language names for links between translations: each language in its own
words (a reader looks for their language, not for a Vietnamese name of it)."""

from __future__ import annotations

#: endonyms of the languages a Vietnamese portal publishes in
ENDONYMS = {
    "vi": "Tiếng Việt", "en": "English", "fr": "Français", "zh": "中文", "km": "ខ្មែរ",
    "lo": "ລາວ", "ko": "한국어", "ja": "日本語", "ru": "Русский", "de": "Deutsch",
    "es": "Español", "th": "ไทย",
}


def endonym(code: str) -> str:
    """``fr`` → ``Français``; a language not listed keeps its code."""
    return ENDONYMS.get(str(code).split("-")[0].lower(), str(code))

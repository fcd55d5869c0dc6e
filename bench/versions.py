"""Installed versions of the distributions behind a number (for signatures and run.json)."""

from __future__ import annotations

from importlib import metadata


def package_version(name: str) -> str:
    """Installed version of a distribution, or 'not-installed'."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not-installed"

"""``python -m bench.facts.challenge build|evaluate``: see :mod:`bench.facts.challenge`."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())

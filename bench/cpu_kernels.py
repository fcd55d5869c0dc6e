"""The CPU kernels torch runs on, pinned so that a model's numbers come out the same bits on
every x86-64 machine.

torch picks its vectorised kernels (ATen's own, and oneDNN's) by the instructions the CPU has:
AVX-512 on one machine, AVX2 on another. Both are right, but their float32 sums round
differently in the last bits: BERTScore's values in ``scores.jsonl`` moved by ~1e-7, and the
plot drawn from their means by a millionth of a pixel, so results committed from one machine did
not come back byte for byte on the other. Every x86-64 CPU torch's wheels run on has AVX2, and
asking for it everywhere cost nothing measurable here (all-MiniLM-L6-v2, 64 sentences of 70
tokens: 0.70 s a batch either way on an AVX-512 machine).

torch reads these settings from the environment when it first runs an operation, so they are
set as the package is imported (:func:`pin`, from ``bench/__init__.py``), as defaults: a value
the user set stays. A torch that ran something before ``bench`` was imported keeps the kernels
it chose; :func:`check`, called where a model is loaded, says so once.
"""

from __future__ import annotations

import os
import platform
import sys
import warnings

#: Environment variables torch reads on import, and the values that pin its kernels to AVX2.
PINNED = {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2"}

_checked = False


def applies() -> bool:
    """Whether this machine's torch chooses between AVX2 and wider kernels (x86-64)."""
    return platform.machine().lower() in ("x86_64", "amd64")


def pin() -> None:
    """Ask torch, not yet imported, for its AVX2 kernels (unless the user chose others)."""
    if applies():
        for name, value in PINNED.items():
            os.environ.setdefault(name, value)


def check() -> None:
    """Warn once when torch runs other kernels than the pinned ones because it ran before
    ``bench`` was imported (a model's scores may then differ in their last bits from results
    made on another machine); a choice the user made in the environment is theirs."""
    global _checked
    if _checked or not applies() or "torch" not in sys.modules:
        return
    _checked = True
    import torch

    chosen = os.environ.get("ATEN_CPU_CAPABILITY", "")
    running = torch.backends.cpu.get_cpu_capability()
    if running.lower() != chosen.lower() and chosen == PINNED["ATEN_CPU_CAPABILITY"]:
        warnings.warn(
            f"torch ran before summbench was imported and runs its {running} kernels: model scores "
            "(BERTScore, the learned matchers) may differ in their last bits from results made "
            "on another machine. Import bench before torch, or set ATEN_CPU_CAPABILITY=avx2 "
            "and ONEDNN_MAX_CPU_ISA=AVX2 in the environment.",
            stacklevel=2,
        )

"""torch's CPU kernels pinned to AVX2 on x86-64 (bench/cpu_kernels.py), so that model scores are
the same bits on an AVX2 machine and an AVX-512 one: the committed seed results, made on the
one, come back byte for byte on the other (tests/end_to_end/test_cli.py checks that on
whichever this is)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench import cpu_kernels

pytestmark = pytest.mark.skipif(not cpu_kernels.applies(), reason="torch on x86-64 only")


def _run(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in cpu_kernels.PINNED}
    return subprocess.run(
        [sys.executable, "-W", "always", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def _capability(code: str) -> str:
    return _run(code + "; print(torch.backends.cpu.get_cpu_capability())").stdout.split()[-1]


def test_importing_bench_first_runs_torch_on_avx2_kernels():
    assert _capability("import bench, torch") == "AVX2"


def test_a_choice_made_in_the_environment_is_kept():
    env_code = "import os; os.environ['ATEN_CPU_CAPABILITY'] = 'default'; import bench, torch"
    assert _capability(env_code) == "DEFAULT"


def test_importing_torch_first_is_fine_until_it_runs_something():
    assert _capability("import torch, bench") == "AVX2"


def test_a_torch_that_ran_before_bench_is_reported_when_its_kernels_differ():
    own = _capability("import torch")  # what this CPU gives torch left to itself
    checked = _run(
        "import torch; torch.ones(3).exp(); import bench; from bench import cpu_kernels; "
        "cpu_kernels.check()"
    )
    warned = "ran before summbench was imported" in checked.stderr
    assert warned == (own != "AVX2"), checked.stderr

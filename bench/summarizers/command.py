"""Summaries from any executable: JSON lines in, JSON lines out — for systems in other languages.

The command reads one JSON object per line on stdin, ``{"id": ..., "source": ..., "budget":
{"sentences": 3}}``, and writes one per line on stdout, ``{"id": ..., "summary": ...}`` (lines
without ``id`` are matched to the inputs by order). Examples go in batches (``batch_size``) with
a timeout per batch, so a hang or a crash fails that batch's examples — with the exit code and
the end of stderr as the reason — and the run goes on.

The program gets a clean environment: the variables its ``env`` setting declares, and
:data:`BASE_ENV` (where programs and the home folder are, where temporary files go, the
locale). Whatever it can read is thus in the cache key: the declared variables' values (as
digests, never in clear) and the locale's; an undeclared variable never reaches it, so it
cannot change an output behind the key's back. ``PATH``, ``HOME`` and ``TMPDIR`` are passed
but not keyed: the program ``PATH`` finds is keyed by its path and bytes, and the other two
say where files lie, not what a summary says.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, field_validator

from .. import surrogates
from ..data.schema import Example
from ..errors import ConfigError
from ..fingerprint import file_digest
from ..jsonlines import split_lines
from .base import Candidate, Summarizer, SummarizerArgs
from .python_module import module_of, module_source

#: Variables every command gets from summbench's own environment, besides those it declares.
BASE_ENV = ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE")
#: Of those, the ones that can change an output (how the program decodes and encodes text):
#: their values are keyed like declared ones.
KEYED_BASE_ENV = ("LANG", "LC_ALL", "LC_CTYPE")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class CommandArgs(SummarizerArgs):
    """Settings of an external program that summarizes: its command line, timeout, batch size,
    working folder and environment."""

    command: list[str] | str = Field(description="argv list, or a string split like a shell")
    timeout: float = Field(600.0, gt=0, description="seconds per batch")
    batch_size: int | None = Field(None, ge=1, description="examples per process (default: all)")
    cwd: str | None = Field(None, description="working folder for the command")
    env: list[str] = Field(
        default_factory=list,
        description="environment variables the command reads: only these (and PATH, HOME, "
        "TMPDIR, LANG, LC_ALL, LC_CTYPE) reach it, and their values are part of the cache key",
    )

    @field_validator("env")
    @classmethod
    def _variable_names(cls, names: list[str]) -> list[str]:
        for name in names:
            if not _ENV_NAME.fullmatch(name):
                raise ValueError(
                    f"{name!r} is not an environment variable name (letters, digits and _, "
                    "not starting with a digit; the value comes from the environment)"
                )
        return names

    not_in_key: ClassVar[Mapping[str, str]] = {
        "timeout": "only decides whether a batch fails, and failures are never stored",
        "batch_size": "the protocol answers each input line on its own",
        "cwd": "keyed as the resolved folder, with the program and files it names (key_inputs)",
    }


def _value_digest(value: str | None) -> str | None:
    """An environment value as keys hold it: its SHA-256, None when unset."""
    if value is None:
        return None
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()


def _stderr_tail(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    tail = (text or "").strip().splitlines()[-3:]
    return " | ".join(tail)


class CommandSummarizer(Summarizer):
    """An external program reading JSON lines on stdin, writing summaries on stdout."""

    name = "command"
    Args = CommandArgs
    args: CommandArgs

    @property
    def argv(self) -> list[str]:
        """The command as an argv list (a string is split like a shell would)."""
        command = self.args.command
        return shlex.split(command) if isinstance(command, str) else list(command)

    def signature(self) -> str:
        """The command line and the budget."""
        budget = self.args.budget.describe() if self.args.budget else "none"
        return f"command|argv:{' '.join(self.argv)}|budget:{budget}"

    def environment(self) -> dict[str, str]:
        """The variables the program runs with: :data:`BASE_ENV` and the declared ones, from
        this process's environment (an unset one stays unset)."""
        names = dict.fromkeys([*BASE_ENV, *self.args.env])
        return {name: os.environ[name] for name in names if name in os.environ}

    def key_inputs(self) -> dict[str, Any]:
        """The folder it runs in, the program's bytes and those of every file its arguments
        name (``python summarize.py``: the script), the source of the module ``python -m``
        runs, and the values of the variables it reads: changing any of them is another
        system."""
        cwd = Path(self.args.cwd or ".").resolve()
        argv = self.argv
        program = argv[0] if argv else ""
        if os.sep not in program:
            program = shutil.which(program) or program
        files = {}
        for arg in [program, *argv[1:]]:
            path = cwd / arg
            if path.is_file():
                files[arg] = file_digest(path)
        environment = self.environment()
        module = module_of(argv)
        keyed_env = {
            # Digests, not values: a declared variable may hold a credential.
            name: _value_digest(environment.get(name))
            for name in dict.fromkeys([*KEYED_BASE_ENV, *self.args.env])
        }
        return {
            "cwd": str(cwd),
            "program": program,
            "files": files,
            "module": {
                "name": module,
                "found": module_source(module, cwd, environment.get("PYTHONPATH")),
            }
            if module
            else None,
            "env": keyed_env,
        }

    def candidates(self, examples: Sequence[Example]) -> list[Candidate]:
        """Run the program once per batch of ``batch_size`` examples (all at once by default)."""
        size = self.args.batch_size or max(len(examples), 1)
        out: list[Candidate] = []
        for start in range(0, len(examples), size):
            out += self._batch(examples[start : start + size])
        return out

    def _batch(self, examples: Sequence[Example]) -> list[Candidate]:
        budget = self.args.budget.model_dump(exclude_none=True) if self.args.budget else None
        # ASCII-escaped, so that a program splitting its input at U+2028 or U+0085 (as
        # str.splitlines does) still sees one line per example.
        payload = "".join(
            json.dumps({"id": e.id, "source": e.source, "budget": budget}) + "\n"
            for e in examples
        )
        try:
            # Bytes, decoded below: text mode would turn a lone "\r" into a line break.
            done = subprocess.run(
                self.argv,
                input=payload.encode("utf-8"),
                capture_output=True,
                timeout=self.args.timeout,
                cwd=Path(self.args.cwd) if self.args.cwd else None,
                env=self.environment(),  # only what the key holds (see the module docstring)
                check=False,
            )
        except FileNotFoundError:
            raise ConfigError(
                f"command not found: {self.argv[0]!r}.",
                where="summarizer.args.command",
                fix="give the program's path, or make sure it is on PATH.",
            ) from None
        except subprocess.TimeoutExpired as err:
            reason = f"timed out after {self.args.timeout:g} s ({_stderr_tail(err.stderr)})"
            return [Candidate(e.id, "", error=reason) for e in examples]
        if done.returncode != 0:
            reason = f"exit code {done.returncode}: {_stderr_tail(done.stderr)}"
            return [Candidate(e.id, "", error=reason) for e in examples]
        return self._parse(examples, done.stdout.decode("utf-8", "replace"))

    @staticmethod
    def _parse(examples: Sequence[Example], stdout: str) -> list[Candidate]:
        by_id: dict[str, str] = {}
        problems: dict[str, str] = {}
        # "\n" only: str.splitlines would also cut at a U+2028 or U+0085 inside a summary,
        # shifting every later summary onto the wrong example when matched by order.
        lines = [line for line in split_lines(stdout) if line.strip()]
        for position, line in enumerate(lines):
            try:
                record = json.loads(line)
                summary = record["summary"]
                if not isinstance(summary, str):
                    raise TypeError(f"summary is {type(summary).__name__}")
                found = surrogates.find_lone_surrogate(record)
                if found:  # a "\ud800" escape: not a character, not writable as UTF-8
                    raise ValueError(surrogates.describe(*found))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
                if position < len(examples):
                    problems[examples[position].id] = f"bad output line {position + 1}: {err}"
                continue
            example_id = str(
                record.get("id", examples[position].id if position < len(examples) else "")
            )
            by_id[example_id] = summary
        return [
            Candidate(e.id, by_id[e.id])
            if e.id in by_id
            else Candidate(e.id, "", error=problems.get(e.id, "no output line for this id"))
            for e in examples
        ]

"""Summaries from any executable: JSON lines in, JSON lines out — for systems in other languages.

The command reads one JSON object per line on stdin, ``{"id": ..., "source": ..., "budget":
{"sentences": 3}}``, and writes one per line on stdout, ``{"id": ..., "summary": ...}`` (lines
without ``id`` are matched to the inputs by order). Examples go in batches (``batch_size``) with
a timeout per batch, so a hang or a crash fails that batch's examples — with the exit code and
the end of stderr as the reason — and the run goes on.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field

from .. import surrogates
from ..data.schema import Example
from ..errors import ConfigError
from ..fingerprint import file_digest
from ..jsonlines import split_lines
from .base import Candidate, Summarizer, SummarizerArgs


class CommandArgs(SummarizerArgs):
    command: list[str] | str = Field(description="argv list, or a string split like a shell")
    timeout: float = Field(600.0, gt=0, description="seconds per batch")
    batch_size: int | None = Field(None, ge=1, description="examples per process (default: all)")
    cwd: str | None = Field(None, description="working folder for the command")

    not_in_key: ClassVar[Mapping[str, str]] = {
        "timeout": "only decides whether a batch fails, and failures are never stored",
        "batch_size": "the protocol answers each input line on its own",
        "cwd": "keyed as the resolved folder, with the program and files it names (key_inputs)",
    }


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
        command = self.args.command
        return shlex.split(command) if isinstance(command, str) else list(command)

    def signature(self) -> str:
        budget = self.args.budget.describe() if self.args.budget else "none"
        return f"command|argv:{' '.join(self.argv)}|budget:{budget}"

    def key_inputs(self) -> dict[str, Any]:
        """The folder it runs in, the program's bytes and those of every file its arguments
        name (``python summarize.py``: the script): editing any of them is another system."""
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
        return {"cwd": str(cwd), "program": program, "files": files}

    def candidates(self, examples: Sequence[Example]) -> list[Candidate]:
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

"""The documents pairs are made from: references and their human-written content units.

* RoSE-ACU (``data/RoSE-ACU/cnndm-test-acus.json``): CNN/DailyMail references, highlights
  joined by runs of spaces, each with the Atomic Content Units annotators wrote for it.
* PyrXSum (``data/PyrXSum/references.txt`` and ``SCUs.txt``, line for line): one-sentence
  BBC references and their Summary Content Units (TAB-separated).

Everything is read from the shared data folder given on the command line (``../shared``
beside the repository); nothing here is copied into the project.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import DatasetError

ROSE = Path("data") / "RoSE-ACU" / "cnndm-test-acus.json"
PYRXSUM = Path("data") / "PyrXSum"

#: CNN/DailyMail highlights that are site furniture, not content ("CLICK HERE for ...").
_FURNITURE = re.compile(r"^(click here|scroll down|read more|watch the video)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One reference, cut into sentences, and the units written from it.

    ``doc`` is the pair's document id ("rose-acu/0123"), ``unit_prefix`` names the units in
    pair ids ("acu", "scu").
    """

    doc: str
    source: str
    sentences: tuple[str, ...]
    units: tuple[str, ...]
    unit_prefix: str


def tidy(text: str) -> str:
    """One line of text with single spaces and no space before punctuation ("defeat ." ->
    "defeat.", as the tokenized CNN/DailyMail highlights have it)."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([.,!?;:])(?=\s|$)", r"\1", text)
    return text


def rose_documents(shared: Path) -> list[Document]:
    """The RoSE-ACU references and units under ``shared``."""
    path = shared / ROSE
    records = _read_json(path)
    if not isinstance(records, list):
        raise DatasetError(
            "expected a JSON list of {id, reference, acu}.", where=str(path),
            fix="use cnndm-test-acus.json as released in ../shared/data/RoSE-ACU.",
        )
    documents = []
    seen: dict[int, dict] = {}
    for position, record in enumerate(records):
        if not (
            isinstance(record, dict)
            and isinstance(record.get("id"), int)
            and isinstance(record.get("reference"), str)
            and isinstance(record.get("acu"), list)
            and all(isinstance(u, str) for u in record["acu"])
        ):
            raise DatasetError(
                f"item {position} is not {{id: int, reference: str, acu: [str]}}.",
                where=str(path),
                fix="restore the file from ../shared/data/RoSE-ACU as released.",
            )
        if record["id"] in seen:
            if seen[record["id"]] == record:
                continue  # the released file holds one reference twice, word for word
            raise DatasetError(
                f"item {position} reuses id {record['id']} for another reference.",
                where=str(path), fix="restore the file from ../shared/data/RoSE-ACU as released.",
            )
        seen[record["id"]] = record
        pieces = [tidy(p) for p in re.split(r"\s{2,}", record["reference"])]
        sentences = tuple(p for p in pieces if p and not _FURNITURE.match(p))
        documents.append(
            Document(
                doc=f"rose-acu/{record['id']:04d}",
                source="rose-acu",
                sentences=sentences,
                units=tuple(tidy(u) for u in record["acu"]),
                unit_prefix="acu",
            )
        )
    return documents


def pyrxsum_documents(shared: Path) -> list[Document]:
    """The PyrXSum references and SCUs under ``shared`` (one reference sentence each)."""
    folder = shared / PYRXSUM
    references = _read_lines(folder / "references.txt")
    units = _read_lines(folder / "SCUs.txt")
    if len(references) != len(units):
        raise DatasetError(
            f"references.txt has {len(references)} lines but SCUs.txt has {len(units)}.",
            where=str(folder),
            fix="both files must list the same examples line for line, as released.",
        )
    return [
        Document(
            doc=f"pyrxsum/{index:04d}",
            source="pyrxsum",
            sentences=(tidy(reference),),
            units=tuple(tidy(u) for u in line.split("\t") if u.strip()),
            unit_prefix="scu",
        )
        for index, (reference, line) in enumerate(zip(references, units, strict=True))
    ]


def load_documents(shared: Path) -> list[Document]:
    """Every document of both sources, in a fixed order (source, then id)."""
    if not shared.is_dir():
        raise DatasetError(
            "the shared data folder does not exist.", where=str(shared),
            fix="pass --shared PATH to the folder holding data/RoSE-ACU and data/PyrXSum "
            "(../shared beside the repository).",
        )
    documents = pyrxsum_documents(shared) + rose_documents(shared)
    return sorted(documents, key=lambda d: d.doc)


def _read_json(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(
            "file not found.", where=str(path),
            fix="pass --shared PATH to the folder that holds data/RoSE-ACU and data/PyrXSum.",
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise DatasetError(
            f"not JSON (line {err.lineno}, column {err.colno}: {err.msg}).", where=str(path),
            fix="restore the file as released.",
        ) from None


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(
            "file not found.", where=str(path),
            fix="pass --shared PATH to the folder that holds data/RoSE-ACU and data/PyrXSum.",
        ) from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines

"""The documents pairs are made from: references and their human-written content units.

* RoSE-ACU (``data/RoSE-ACU/cnndm-test-acus.json``): CNN/DailyMail references, highlights
  joined by runs of spaces, each with the Atomic Content Units annotators wrote for it.
* PyrXSum (``data/PyrXSum/references.txt`` and ``SCUs.txt``, line for line): one-sentence
  BBC references and their Summary Content Units (TAB-separated).
* SummaC (``data/SummaC/xsumfaith.json`` and ``factcc.json``): the BBC and CNN/DailyMail
  source articles only (:func:`summac_articles`); the systems' claims and the human labels
  are never read. Their claims are cut from the articles' sentences (:mod:`.articles`).

Everything is read from the shared data folder given on the command line (``../shared``
beside the repository); nothing here is copied into the project.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import DatasetError

ROSE = Path("data") / "RoSE-ACU" / "cnndm-test-acus.json"
PYRXSUM = Path("data") / "PyrXSum"
SUMMAC = (Path("data") / "SummaC" / "xsumfaith.json", Path("data") / "SummaC" / "factcc.json")

#: CNN/DailyMail highlights that are site furniture, not content ("CLICK HERE for ...").
_FURNITURE = re.compile(r"^(click here|scroll down|read more|watch the video)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One reference, cut into sentences, and the units written from it.

    ``doc`` is the pair's document id ("rose-acu/0123"), ``unit_prefix`` names the units in
    pair ids ("acu", "scu"). ``windows`` gives, per unit, the (start, end) of the sentences
    that are its text (an article's claim is judged against its own sentence or a few
    around it); empty, every unit is judged against all the sentences (a reference).
    """

    doc: str
    source: str
    sentences: tuple[str, ...]
    units: tuple[str, ...]
    unit_prefix: str
    windows: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Article:
    """A source article (no units of its own): ``doc`` is "summac/<sha256 of the text>"
    (first 16 hex digits), ``files`` the shared files that hold it."""

    doc: str
    text: str
    files: tuple[str, ...]


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


def summac_articles(shared: Path) -> list[Article]:
    """The distinct source articles of the SummaC files under ``shared``, sorted by id.

    Many entries share one article (several systems' summaries of it): an article is kept
    once, by its text with runs of white space made one space. The id is taken from the
    text as released; the text kept has its pound signs repaired ("Â£5m" -> "£5m": UTF-8
    once read as Latin-1, in a few BBC articles).
    """
    found: dict[str, tuple[str, list[str]]] = {}
    for relative in SUMMAC:
        path = shared / relative
        records = _read_json(path)
        if not isinstance(records, dict):
            raise DatasetError(
                "expected a JSON object mapping ids to {document, claim, label}.",
                where=str(path), fix=f"use {relative.name} as released in ../shared/data/SummaC.",
            )
        for key, record in records.items():
            if not (isinstance(record, dict) and isinstance(record.get("document"), str)
                    and record["document"].strip()):
                raise DatasetError(
                    f"entry {key!r} has no document text.", where=str(path),
                    fix=f"restore {relative.name} from ../shared/data/SummaC as released.",
                )
            text = record["document"]
            key_text = " ".join(text.split())
            doc = "summac/" + hashlib.sha256(key_text.encode("utf-8")).hexdigest()[:16]
            kept, files = found.setdefault(doc, (text, []))
            if " ".join(kept.split()) != key_text:
                raise DatasetError(f"two articles share the id {doc}.", where=str(path),
                                   fix="report this: the id needs more digits.")
            if relative.name not in files:
                files.append(relative.name)
    return [Article(doc, text.replace("Â£", "£"), tuple(files))
            for doc, (text, files) in sorted(found.items())]


#: The sources ``build`` can read, in the order their documents are listed.
SOURCES = ("pyrxsum", "rose-acu", "summac")


def _check_shared(shared: Path) -> None:
    if not shared.is_dir():
        raise DatasetError(
            "the shared data folder does not exist.", where=str(shared),
            fix="pass --shared PATH to the folder holding data/RoSE-ACU, data/PyrXSum and "
            "data/SummaC (../shared beside the repository).",
        )


def load_documents(shared: Path, sources: tuple[str, ...] = ("pyrxsum", "rose-acu"),
                   ) -> list[Document]:
    """Every reference document of ``sources`` (of "pyrxsum", "rose-acu"), in a fixed order
    (source, then id). SummaC's articles have no units: see :func:`summac_articles`."""
    _check_shared(shared)
    documents = []
    if "pyrxsum" in sources:
        documents += pyrxsum_documents(shared)
    if "rose-acu" in sources:
        documents += rose_documents(shared)
    return sorted(documents, key=lambda d: d.doc)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(
            "file not found.", where=str(path),
            fix="pass --shared PATH to the folder that holds data/RoSE-ACU and data/PyrXSum.",
        ) from None


def _read_json(path: Path):
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise DatasetError(
            f"not JSON (line {err.lineno}, column {err.colno}: {err.msg}).", where=str(path),
            fix="restore the file as released.",
        ) from None


def _read_lines(path: Path) -> list[str]:
    text = _read_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines

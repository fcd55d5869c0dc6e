"""The fact/text pair: the JSONL contract shared by the challenge set, the verifier's training
and the evaluation (one object a line, keys in the order of :data:`KEYS`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...errors import DatasetError, shorten
from ...jsonlines import loads_strict, split_lines

KEYS = ("id", "doc", "split", "claim", "text", "label", "kind", "change")
LABELS = ("stated", "not_stated", "contradicted")
SPLITS = ("train", "test")

#: Kinds of changed facts (label ``contradicted``), in report order.
CHANGED_KINDS = (
    "person", "place", "organisation", "nationality", "number", "number_scale",
    "number_digits", "number_word", "date", "antonym", "negation", "role_swap",
    "comparative", "relation",
)
#: Every kind and the label its pairs carry.
KIND_LABELS: dict[str, str] = {
    **{kind: "contradicted" for kind in CHANGED_KINDS},
    "removed": "not_stated",
    "unrelated": "not_stated",
    "restated": "stated",
    "paraphrase": "stated",
}
KINDS = tuple(KIND_LABELS)

#: Share of each source's documents in the test split.
TEST_SHARE = 0.3


@dataclass(frozen=True)
class ChallengePair:
    """One claim judged against one text (see /notes on the contract: ``change`` is the
    edited words for changed facts and paraphrases, the cut sentence for ``removed``, and
    ``None`` for ``restated`` and ``unrelated``)."""

    id: str
    doc: str
    split: str
    claim: str
    text: str
    label: str
    kind: str
    change: tuple[str, str] | None

    def to_json(self) -> str:
        """The pair as one JSONL line (no newline)."""
        record = {
            "id": self.id,
            "doc": self.doc,
            "split": self.split,
            "claim": self.claim,
            "text": self.text,
            "label": self.label,
            "kind": self.kind,
            "change": None if self.change is None
            else {"from": self.change[0], "to": self.change[1]},
        }
        return json.dumps(record, ensure_ascii=False)


def source_of(doc: str) -> str:
    """The source a document id names first (``rose-acu/0042`` -> ``rose-acu``)."""
    return doc.split("/", 1)[0]


def split_of(doc: str, seed: int) -> str:
    """"train" or "test" for document ``doc``: a seeded hash, so the same document always
    lands on the same side and train and test never share one."""
    digest = hashlib.sha256(f"challenge-split/{seed}/{doc}".encode()).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    return "test" if fraction < TEST_SHARE else "train"


def write_pairs(path: Path, pairs: Iterable[ChallengePair]) -> int:
    """Write ``pairs`` as JSONL (UTF-8, ``\\n`` line ends); returns how many. The file is
    replaced by a rename, so a link planted at ``path`` is replaced, never written through."""
    from ...records.files import write_text_atomic

    lines = [pair.to_json() for pair in pairs]
    write_text_atomic(path, "".join(line + "\n" for line in lines))
    return len(lines)


def read_pairs(path: Path) -> list[ChallengePair]:
    """The pairs in a JSONL file, checked against the contract; a bad line is an error that
    names the file, the line and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(
            "file not found.", where=str(path),
            fix="build the pairs first: summbench facts challenge build --out DIR",
        ) from None
    pairs = []
    for number, line in enumerate(split_lines(text), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = loads_strict(line)
        except (ValueError, RecursionError) as err:
            raise DatasetError(f"not a JSON object ({err}).", where=where,
                               fix="one pair per line, as the build command writes them.") from None
        pairs.append(pair_from_record(record, where))
    return pairs


def pair_from_record(record: object, where: str) -> ChallengePair:
    """A :class:`ChallengePair` from one decoded JSON line, or a :class:`DatasetError` naming
    ``where`` and the offending key."""
    fix = "one pair per line with keys " + ", ".join(KEYS) + " (see the pairs contract)."
    if not isinstance(record, dict) or tuple(record) != KEYS:
        found = tuple(record) if isinstance(record, dict) else type(record).__name__
        raise DatasetError(f"expected the keys {KEYS} in this order, found {shorten(found)}.",
                           where=where, fix=fix)
    for key in KEYS[:7]:
        if not isinstance(record[key], str) or not record[key]:
            raise DatasetError(f"{key} must be a non-empty string, found "
                               f"{shorten(record[key])}.", where=where, fix=fix)
    if record["split"] not in SPLITS:
        raise DatasetError(f"split must be one of {SPLITS}, found {shorten(record['split'])}.",
                           where=where, fix=fix)
    if record["kind"] not in KIND_LABELS:
        raise DatasetError(f"unknown kind {shorten(record['kind'])}; known: "
                           f"{', '.join(KINDS)}.", where=where, fix=fix)
    if record["label"] != KIND_LABELS[record["kind"]]:
        raise DatasetError(f"kind {record['kind']} pairs are labelled "
                           f"{KIND_LABELS[record['kind']]}, not {shorten(record['label'])}.",
                           where=where, fix=fix)
    change = record["change"]
    if change is not None and not (
        isinstance(change, dict) and tuple(change) == ("from", "to")
        and all(isinstance(v, str) for v in change.values())
    ):
        raise DatasetError(f"change must be null or {{from: str, to: str}}, found "
                           f"{shorten(change)}.", where=where, fix=fix)
    return ChallengePair(
        id=record["id"], doc=record["doc"], split=record["split"], claim=record["claim"],
        text=record["text"], label=record["label"], kind=record["kind"],
        change=None if change is None else (change["from"], change["to"]),
    )

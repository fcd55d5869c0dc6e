"""Dates, regions, places and names read from the words of a real spaCy parse (without its
named-entity recogniser), and the pronoun rule they feed (bench/facts/extraction/names.py)."""

from __future__ import annotations

import json
import multiprocessing.spawn

import pytest

from bench.cli import main
from bench.facts.extraction.extractor import FactExtractor
from bench.facts.extraction.names import DATE, ORG, PERSON, PLACE, REGION, read_names
from bench.facts.parsing import WITHOUT_ENTITIES, shared_parser

from ...builders import ROOT


def names_of(sentence: str) -> list[tuple[str, str]]:
    (parse,) = shared_parser(WITHOUT_ENTITIES).parse([sentence])
    found = read_names(parse)
    return [(label, parse.span_text(run)[2]) for label, run in found.runs]


def dates_of(sentence: str) -> list[str]:
    (parse,) = shared_parser(WITHOUT_ENTITIES).parse([sentence])
    labels = read_names(parse).labels
    return [t.text for t, label in zip(parse.tokens, labels, strict=True) if label == DATE]


def test_the_parse_without_entities_is_the_full_parse_less_its_entities():
    sentence = "Theresa May met Barack Obama in Washington on Monday."
    (full,) = shared_parser().parse([sentence])
    (light,) = shared_parser(WITHOUT_ENTITIES).parse([sentence])
    assert [t._replace(ent="", ent_start=False) for t in full.tokens] == list(light.tokens)
    assert any(t.ent for t in full.tokens) and not any(t.ent for t in light.tokens)


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("The firm cut 300 jobs three years ago.", ["three", "years", "ago"]),
        ("UEFA will decide on May 21.", ["May", "21"]),
        ("Theresa May will decide in 2016.", ["2016"]),
        ("Prices rose in the 1990s and fell on Tuesday at 3pm.", ["1990s", "Tuesday", "3", "pm"]),
        ("The firm sold 2016 cars in March 2015.", ["March", "2015"]),  # 2016: a count
    ],
)
def test_dates_are_read_from_their_words(sentence, dates):
    assert dates_of(sentence) == dates


def test_names_are_told_apart_by_their_words_and_place_in_the_sentence():
    found = names_of(
        "Michael van Gerwen of the BBC and Sussex Police met PC Luke Stanwick in Leeds, England."
    )
    assert found == [
        (PERSON, "Michael van Gerwen"),
        (ORG, "BBC"),
        (ORG, "Sussex Police"),
        (PERSON, "PC Luke Stanwick"),
        (PLACE, "Leeds"),
        (REGION, "England"),
    ]
    # "Theresa May" is a name, not a month; a lower-case word the tagger calls a name is none.
    assert names_of("Theresa May smoked shisha.") == [(PERSON, "Theresa May")]


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    return FactExtractor()


def last_fact(extractor: FactExtractor, reference: str) -> str:
    (facts,) = extractor.reference_facts([reference])
    return facts[-1].text


def test_he_is_named_only_for_the_one_name_that_reads_as_a_persons(extractor):
    # A firm or a club named alone is not put for "she"...
    alone = "Facebook removed the video on Monday. She swung a crowbar at the men."
    assert last_fact(extractor, alone) == "She swung a crowbar at the men"
    # ...nor stands in the way of the one person named.
    club = "Jose Mourinho's Chelsea beat Arsenal on Sunday. He praised the defence."
    assert last_fact(extractor, club) == "Jose Mourinho praised the defence"
    # A title makes one word a person's name: two people, no name for "he".
    two = "Tim Farron met Mr Clegg on Sunday. He praised the plan."
    assert last_fact(extractor, two) == "He praised the plan"
    # A name after a kin noun is a person's: "he" could be Tom.
    kin = "Police arrested Mary Jones. Her husband Tom was not charged. He sold the car."
    assert last_fact(extractor, kin) == "He sold the car"
    # ...and is never put for "she" itself: the kin noun says nothing of whom "she" is.
    alone = "Her husband Tom was not charged. She sold the car."
    assert last_fact(extractor, alone) == "She sold the car"
    # Two capitalised words that do nothing in the sentence may be a place, a show or a pet:
    # never put for "he" (an audit found 39 of 153 names put for "he" or "she" wrong).
    cat = "A cat from North Wales was found on a doorstep. He was found thin and grumpy."
    assert last_fact(extractor, cat) == "He was found thin and grumpy"
    # A title of the other sex is never put for the pronoun.
    trace = "Police want to trace Ms Fleming. He said he had seen her in Leeds."
    assert last_fact(extractor, trace) == "He had seen her in Leeds"
    # "Milat's brother, Boris": one word after a kin noun makes "he" unsure.
    brother = "Ivan Milat was jailed. Milat's brother, Boris, says he kept the secret."
    texts = [f.text for f in extractor.reference_facts([brother])[0]]
    assert "He kept the secret" in texts and "Ivan Milat kept the secret" not in texts


def test_workers_cut_the_same_facts_and_this_process_finishes_when_they_fail(monkeypatch, capsys):
    from bench.facts.extraction import extractor as module

    monkeypatch.setattr(module, "PARALLEL_FROM", 12)
    monkeypatch.setattr(module, "PIECE", 3)
    references = [
        f"Reporter {n} said the council approved {n} new homes in Leeds on Monday. "
        f"Jenny Wallenda died on Saturday. She had performed on the high wire {n} times."
        for n in range(30)
    ]
    alone = FactExtractor(workers=1).reference_facts(references)
    shared = FactExtractor(workers=2).reference_facts(references)
    assert shared == alone and all(alone)
    assert "failed" not in capsys.readouterr().err  # the worker did its share
    # A worker process that cannot start: this process cuts every piece, with a warning.
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe", b"/bin/false")
    assert FactExtractor(workers=2).reference_facts(references) == alone
    assert "its workers failed" in capsys.readouterr().err


SUMMAC = ROOT.parent / "shared" / "data" / "SummaC"


@pytest.mark.skipif(not SUMMAC.is_dir(), reason="../shared/data/SummaC is not beside the repo")
def test_facts_extract_at_real_size_on_two_workers(tmp_path, capsys, monkeypatch):
    # 1,200 news texts the length of a CNN/DM reference, one reference an example; the
    # workers start from 1,000 new references here (2,000 by default, where they pay).
    from bench.facts.extraction import extractor as module
    from bench.text import split_sentences

    monkeypatch.setattr(module, "PARALLEL_FROM", 1_000)

    texts: list[str] = []
    for name in ("factcc", "xsumfaith"):
        rows = json.loads((SUMMAC / f"{name}.json").read_text(encoding="utf-8")).values()
        for document in dict.fromkeys(r["document"] for r in rows):
            sentences = split_sentences(document)
            texts += [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences) - 2, 3)]
    texts = list(dict.fromkeys(texts))[:1200]
    assert len(texts) == 1200
    data = tmp_path / "news.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": f"n{i}", "source": t, "references": [t]}) + "\n"
            for i, t in enumerate(texts)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "news-auto.jsonl"
    assert (
        main(["facts", "extract", "--dataset", str(data), "--output", str(out), "--workers", "2"])
        == 0
    )
    assert "workers failed" not in capsys.readouterr().err
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert [r["id"] for r in rows] == [f"n{i}" for i in range(1200)]
    for row in rows:
        assert row["checklist"]  # never an empty checklist
        for fact in row["checklist"]:
            span = fact["span"]
            assert row["references"][0][span["start"] : span["end"]].strip()
    # The workers' facts are this process's: a sample cut again here, alone.
    sample = rows[::97]
    again = FactExtractor().reference_facts([r["references"][0] for r in sample])
    assert [[f["text"] for f in r["checklist"]] for r in sample] == [
        [f.text for f in facts] for facts in again
    ]

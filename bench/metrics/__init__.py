"""Metrics: the registry and the built-ins (imported lazily, on use)."""

from ..registry import Registry
from .base import Column, ItemScore, Metric, ScoringItem

METRICS: Registry = Registry("metric", Metric, "summbench.metrics")
for _name, _target, _description in [
    ("rouge", "rouge:RougeMetric", "ROUGE-1/2/L/Lsum P/R/F via rouge-score; max/mean/jackknife"),
    (
        "bertscore",
        "bertscore:BertScoreMetric",
        "BERTScore P/R/F1 via bert-score (MiniLM-L6 default)",
    ),
    ("checklist", "checklist:ChecklistMetric", "weighted fact recall and contradicted claims"),
    ("faithfulness", "faithfulness:FaithfulnessMetric", "is each sentence supported by the source"),
    ("textstats", "textstats:TextStatsMetric", "length, compression, coverage/density, novelty"),
]:
    METRICS.add(_name, f"{__name__}.{_target}", _description)

__all__ = ["METRICS", "Column", "ItemScore", "Metric", "ScoringItem"]

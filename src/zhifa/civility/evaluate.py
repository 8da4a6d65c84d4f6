"""Measure the checker on a split of the corpus: uncivil vs civil, and the category.

A text counts as flagged when the checker returns any finding; its predicted category is
that of the first finding found by the lexicon or patterns, or else the first model finding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from zhifa.civility import corpus
from zhifa.civility.checker import Checker, default_checker
from zhifa.civility.model import Category, Finding, Source


@dataclass(frozen=True)
class Scores:
    split: str
    n: int
    n_uncivil: int
    n_civil: int
    tp: int
    fp: int
    fn: int
    category_right: int
    category_any: int
    model_only_tp: int
    model_only_fp: int
    model_only_fn: int
    confusion: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (label, predicted, text)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def category_accuracy(self) -> float:
        return self.category_right / self.n_uncivil if self.n_uncivil else 0.0

    @property
    def civil_flagged(self) -> float:
        return self.fp / self.n_civil if self.n_civil else 0.0

    @property
    def model_only_f1(self) -> float:
        tp, fp, fn = self.model_only_tp, self.model_only_fp, self.model_only_fn
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "split": self.split,
            "texts": self.n,
            "uncivil": self.n_uncivil,
            "civil": self.n_civil,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "category_accuracy": round(self.category_accuracy, 4),
            "category_any_finding": round(self.category_any / self.n_uncivil, 4)
            if self.n_uncivil
            else 0.0,
            "civil_flagged": round(self.civil_flagged, 4),
            "model_only_f1": round(self.model_only_f1, 4),
            "confusion": {k: dict(v) for k, v in self.confusion.items()},
        }


def primary(findings: list[Finding]) -> Finding | None:
    """The finding that names a text's category: rules before the model, then the earliest."""
    if not findings:
        return None
    return min(findings, key=lambda f: (f.source is Source.MODEL, f.start))


def evaluate(split: corpus.Split, checker: Checker | None = None) -> Scores:
    chk = checker or default_checker()
    model = chk.model
    tp = fp = fn = right = anyc = mtp = mfp = mfn = 0
    confusion: dict[str, Counter[str]] = {}
    errors: list[tuple[str, str, str]] = []
    examples = corpus.load(split)
    for ex in examples:
        found = chk.check_text(ex.text)
        top = primary(found)
        predicted = top.category.value if top else corpus.CIVIL
        confusion.setdefault(ex.label, Counter())[predicted] += 1
        if ex.uncivil and top:
            tp += 1
            right += top.category is ex.category
            anyc += any(f.category is ex.category for f in found)
        elif ex.uncivil:
            fn += 1
        elif top:
            fp += 1
        if predicted != ex.label:
            errors.append((ex.label, predicted, ex.text))
        if model is not None:
            from zhifa.civility.train import officer_text

            flagged = model.uncivil(officer_text(ex.text)) >= model.threshold
            mtp += flagged and ex.uncivil
            mfp += flagged and not ex.uncivil
            mfn += (not flagged) and ex.uncivil
    n_unc = sum(1 for e in examples if e.uncivil)
    return Scores(
        split=split,
        n=len(examples),
        n_uncivil=n_unc,
        n_civil=len(examples) - n_unc,
        tp=tp,
        fp=fp,
        fn=fn,
        category_right=right,
        category_any=anyc,
        model_only_tp=mtp,
        model_only_fp=mfp,
        model_only_fn=mfn,
        confusion=confusion,
        errors=errors,
    )


CATEGORY_ORDER = [corpus.CIVIL, *(c.value for c in Category)]

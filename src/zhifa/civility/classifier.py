"""The statistical model: two logistic regressions over character n-grams, shipped as weights.

``uncivil`` scores a sentence as uncivil vs civil; ``category`` picks one of the five
categories for an uncivil sentence. Features are the presence of character 1–3-grams of the
normalised sentence (with start/end marks), L2-normalised. Training (scikit-learn, offline)
is in ``zhifa.civility.train``; at run time only this module and ``data/model.json`` are used.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from zhifa.civility.model import Category

MODEL_FILE = "data/model.json"


def _table() -> dict[int, int | None]:
    """One translation: full-width ASCII to half-width, lower case, digits to 0, no spaces."""
    table: dict[int, int | None] = {}
    for c in range(0xFF01, 0xFF5F):
        table[c] = ord(chr(c - 0xFEE0).lower())
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = c + 32
    for d in "0123456789０１２３４５６７８９":
        table[ord(d)] = ord("0")
    for ws in " \t\r\n\u3000":
        table[ord(ws)] = None
    return table


_TABLE = _table()


def normalise(text: str) -> str:
    """Full-width ASCII to half-width, lower case, digits as 0, no whitespace."""
    return text.translate(_TABLE)


def features(text: str) -> set[str]:
    """Character 1-, 2- and 3-grams of the normalised text, with ^ and $ marks at the ends."""
    t = normalise(text)
    if not t:
        return set()
    p = "^" + t + "$"
    out = set(t)
    out.update({p[i : i + 2] for i in range(len(p) - 1)})
    out.update({p[i : i + 3] for i in range(len(p) - 2)})
    return out


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True)
class Model:
    """Learned weights and the thresholds chosen on the training split."""

    bias: float
    weights: Mapping[str, float]
    categories: tuple[Category, ...]
    category_bias: tuple[float, ...]
    category_weights: tuple[Mapping[str, float], ...]  # one weight table per category
    threshold: float  # P(uncivil) at which a sentence without lexicon hits is flagged
    confirm_threshold: float  # P(uncivil) at which an ambiguous lexicon hit is confirmed
    meta: Mapping[str, Any]

    def uncivil(self, text: str) -> float:
        """P(uncivil) of a sentence."""
        return self.score(features(text))

    def score(self, feats: set[str]) -> float:
        """P(uncivil) from a sentence's features."""
        if not feats:
            return 0.0
        total = sum(filter(None, map(self.weights.get, feats)))
        return _sigmoid(self.bias + total / math.sqrt(len(feats)))

    def category(self, text: str) -> tuple[Category, float]:
        """The most likely category of an uncivil sentence and its probability."""
        return self.category_of(features(text))

    def category_of(self, feats: set[str]) -> tuple[Category, float]:
        norm = 1.0 / math.sqrt(len(feats)) if feats else 0.0
        scores = [
            b + norm * sum(filter(None, map(w.get, feats)))
            for b, w in zip(self.category_bias, self.category_weights, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        best = scores.index(top)
        return self.categories[best], exps[best] / sum(exps)


def parse(data: Mapping[str, Any]) -> Model:
    cats = tuple(Category(c) for c in data["categories"])
    return Model(
        bias=float(data["bias"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        categories=cats,
        category_bias=tuple(float(x) for x in data["category_bias"]),
        category_weights=tuple(
            {k: float(v[i]) for k, v in data["category_weights"].items() if v[i]}
            for i in range(len(cats))
        ),
        threshold=float(data["threshold"]),
        confirm_threshold=float(data["confirm_threshold"]),
        meta=dict(data.get("meta", {})),
    )


@lru_cache(maxsize=1)
def load() -> Model:
    """The model shipped with zhifa."""
    text = resources.files("zhifa.civility").joinpath(MODEL_FILE).read_text("utf-8")
    return parse(json.loads(text))

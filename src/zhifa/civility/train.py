"""Train the civility model from the corpus and write ``data/model.json``.

    pip install -e ".[train]"
    python -m zhifa.civility.train

Only the ``train`` split is used. The regularisation strength and both thresholds are
chosen by five-fold cross-validation inside the training split; ``dev`` and ``heldout``
are never looked at. Runs in a few seconds; the result is deterministic for a given
scikit-learn version.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from zhifa.civility import corpus
from zhifa.civility.classifier import features
from zhifa.civility.model import Category
from zhifa.civility.text import layout

C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
MAX_CIVIL_FPR = 0.04  # out-of-fold false-positive rate allowed for the rescue threshold
MIN_CONFIRM_RECALL = 0.99  # ambiguous lexicon hits need less evidence from the model
FOLDS = 5
PRUNE = 5e-3  # weights smaller than this change no decision; dropping them halves the file


def officer_text(text: str) -> str:
    """What the model sees at run time: the officer's own, unquoted words."""
    lay = layout(text, labels=True)
    return lay.visible_text(0, len(text))


def _matrix(texts: list[str], vocab: dict[str, int] | None) -> tuple[Any, dict[str, int]]:
    from scipy.sparse import csr_matrix

    grow = vocab is None
    vocab = {} if vocab is None else vocab
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, t in enumerate(texts):
        feats = sorted(features(t))
        idx = []
        for f in feats:
            j = vocab.get(f)
            if j is None and grow:
                j = vocab[f] = len(vocab)
            if j is not None:
                idx.append(j)
        if not feats:
            continue
        w = 1.0 / math.sqrt(len(feats))
        rows += [r] * len(idx)
        cols += idx
        vals += [w] * len(idx)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab))), vocab


def _binary(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=5000)


def _multi(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=5000)


def _oof(texts: list[str], y: list[int], c: float) -> list[float]:
    from sklearn.model_selection import StratifiedKFold

    probs = [0.0] * len(texts)
    for tr, te in StratifiedKFold(FOLDS, shuffle=True, random_state=7).split(texts, y):
        x_tr, vocab = _matrix([texts[i] for i in tr], None)
        x_te, _ = _matrix([texts[i] for i in te], vocab)
        clf = _binary(c).fit(x_tr, [y[i] for i in tr])
        for i, p in zip(te, clf.predict_proba(x_te)[:, 1], strict=True):
            probs[i] = float(p)
    return probs


def _f1(probs: list[float], y: list[int], t: float) -> tuple[float, float]:
    tp = sum(1 for p, v in zip(probs, y, strict=True) if p >= t and v)
    fp = sum(1 for p, v in zip(probs, y, strict=True) if p >= t and not v)
    fn = sum(1 for p, v in zip(probs, y, strict=True) if p < t and v)
    neg = sum(1 for v in y if not v)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1, fp / neg if neg else 0.0


def _threshold(probs: list[float], y: list[int], max_fpr: float) -> float:
    best = (0.0, 0.5)
    for k in range(5, 100):
        t = k / 100
        f1, fpr = _f1(probs, y, t)
        if fpr <= max_fpr and f1 > best[0]:
            best = (f1, t)
    return best[1]


def _recall_threshold(probs: list[float], y: list[int], min_recall: float) -> float:
    """The highest threshold that still keeps ``min_recall`` of the uncivil examples."""
    positives = sorted(p for p, v in zip(probs, y, strict=True) if v)
    k = int(len(positives) * (1 - min_recall))
    return math.floor(positives[k] * 100) / 100 if positives else 0.5


def train(out: Path) -> dict[str, Any]:
    import sklearn

    examples = corpus.load("train")
    texts = [officer_text(e.text) for e in examples]
    y = [int(e.uncivil) for e in examples]

    scores = {}
    for c in C_GRID:
        probs = _oof(texts, y, c)
        scores[c] = (max(_f1(probs, y, k / 100)[0] for k in range(5, 100)), probs)
    c_best = max(C_GRID, key=lambda c: scores[c][0])
    oof = scores[c_best][1]
    threshold = _threshold(oof, y, MAX_CIVIL_FPR)
    confirm = min(threshold, _recall_threshold(oof, y, MIN_CONFIRM_RECALL))

    x, vocab = _matrix(texts, None)
    binary = _binary(c_best).fit(x, y)
    names = {j: f for f, j in vocab.items()}
    weights = {
        names[j]: round(float(w), 4) for j, w in enumerate(binary.coef_[0]) if abs(w) >= PRUNE
    }

    bad = [(t, e.label) for t, e in zip(texts, examples, strict=True) if e.uncivil]
    xc, vocab_c = _matrix([t for t, _ in bad], None)
    cats = [c.value for c in Category]
    multi = _multi(c_best).fit(xc, [cats.index(label) for _, label in bad])
    assert list(multi.classes_) == list(range(len(cats)))
    names_c = {j: f for f, j in vocab_c.items()}
    cat_weights = {}
    for j in range(len(vocab_c)):
        row = [round(float(multi.coef_[k][j]), 4) for k in range(len(cats))]
        if max(abs(v) for v in row) >= PRUNE:
            cat_weights[names_c[j]] = row

    meta: dict[str, Any] = {
        "trained_on": f"{corpus.CORPUS_FILE} split=train ({len(examples)} utterances)",
        "corpus_sha256": corpus.sha256_of(corpus.CORPUS_FILE),
        "scikit_learn": sklearn.__version__,
        "features": "character 1-3-grams with ^/$ marks, presence, L2-normalised",
        "C": c_best,
        "cv_f1": round(scores[c_best][0], 4),
        "command": "python -m zhifa.civility.train",
    }
    model = {
        "meta": meta,
        "bias": round(float(binary.intercept_[0]), 5),
        "weights": dict(sorted(weights.items())),
        "threshold": threshold,
        "confirm_threshold": confirm,
        "categories": cats,
        "category_bias": [round(float(b), 5) for b in multi.intercept_],
        "category_weights": dict(sorted(cat_weights.items())),
    }
    out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    return meta | {"threshold": threshold, "confirm_threshold": confirm}


def main() -> None:
    target = Path(__file__).parent / "data" / "model.json"
    meta = train(target)
    json.dump(meta, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()

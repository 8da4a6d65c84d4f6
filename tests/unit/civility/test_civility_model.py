"""The shipped model and corpus: weights match the corpus, the split is deterministic, the
held-out set never leaks into training, and the model separates obvious cases."""

from __future__ import annotations

from collections import Counter

from zhifa.civility import classifier, corpus
from zhifa.civility.model import Category


def test_model_was_trained_on_the_shipped_corpus() -> None:
    meta = classifier.load().meta
    assert meta["corpus_sha256"] == corpus.sha256_of(corpus.CORPUS_FILE), (
        "corpus changed: retrain with python -m zhifa.civility.train"
    )


def test_split_is_deterministic_and_roughly_a_fifth() -> None:
    train, dev = corpus.load("train"), corpus.load("dev")
    assert all(corpus.split_of(e.text) == "dev" for e in dev)
    assert 0.12 < len(dev) / (len(train) + len(dev)) < 0.28


def test_held_out_set_shares_no_text_with_the_corpus() -> None:
    pool = {e.text for e in corpus.load("train") + corpus.load("dev")}
    held = corpus.load("heldout")
    assert len(held) >= 150
    assert not pool & {e.text for e in held}


def test_corpus_is_broad() -> None:
    examples = corpus.load("train") + corpus.load("dev")
    assert len(examples) >= 800
    labels = Counter(e.label for e in examples)
    assert set(labels) == {"civil", *(c.value for c in Category)}
    assert all(labels[c.value] >= 50 for c in Category)
    assert len({e.field for e in examples}) >= 9
    assert len({e.register for e in examples}) >= 5
    lengths = [len(e.text) for e in examples]
    assert min(lengths) <= 5
    assert max(lengths) >= 150


def test_model_scores_and_categories() -> None:
    m = classifier.load()
    assert m.uncivil("您好，请出示您的营业执照，谢谢配合。") < m.threshold
    assert m.uncivil("你这个蠢货，滚出去！") > m.threshold
    assert m.category("信不信我让你这店明天就关门")[0] is Category.THREATENING


def test_features_are_normalised() -> None:
    assert classifier.features("ＡＢ１２") == classifier.features("ab 99")

"""`zhifa bench language`: texts of about 100 characters checked per second on one core.

In the same run and over the same texts: the checker itself; the raw limit of its first
stage (one pass of the Aho-Corasick automaton over each text, and, for scale, ``str.find``
of every lexicon term); the statistical model alone; and a peer, jieba's word segmentation
(``lcut``), which a checker built on segmenting every text would have to pay in full.
"""

from __future__ import annotations

import gc
import os
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from zhifa.civility import corpus, segment
from zhifa.civility.checker import default_checker

SEED = 20260302


def texts_of_about(n: int, length: int = 100) -> list[str]:
    """``n`` deterministic texts of about ``length`` characters made of corpus utterances."""
    pool = [e.text for e in corpus.load("train")] + [e.text for e in corpus.load("heldout")]
    rng = random.Random(SEED)
    out: list[str] = []
    while len(out) < n:
        parts: list[str] = []
        size = 0
        while size < length - 10:
            u = rng.choice(pool)
            parts.append(u)
            size += len(u)
        out.append("".join(parts)[: length + 10])
    return out


def _pin_one_core() -> str:
    if hasattr(os, "sched_getaffinity") and hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return f"cpu {cpus[-1]}"
    return "unpinned"


def _best(fn: Callable[[], Any], repeats: int) -> float:
    enabled = gc.isenabled()
    gc.disable()
    try:
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        return best
    finally:
        if enabled:
            gc.enable()


def run(
    n: int = 5000, repeats: int = 3, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Measure and return a report (rows: name, texts/s, µs per text, relative to ours)."""
    where = _pin_one_core()
    texts = texts_of_about(n)
    chk = default_checker()
    lex = chk.lex
    model = chk.model
    assert model is not None
    tok = segment.tokenizer()  # jieba's dictionary loads here, outside every timing
    for t in texts[:300]:
        chk.check_text(t)
    terms = sorted({t for e in lex.entries for t in e.terms + e.triggers})
    found = 0

    def ours() -> None:
        nonlocal found
        segment.boundaries.cache_clear()  # every repeat pays for its own segmentation
        found = sum(1 for t in texts if chk.check_text(t))

    def automaton() -> None:
        it = lex.automaton.iter
        for t in texts:
            for _ in it(t):
                pass

    def str_find() -> None:
        for t in texts:
            for term in terms:
                t.find(term)

    def model_only() -> None:
        score = model.uncivil
        for t in texts:
            score(t)

    def jieba_lcut() -> None:
        cut = tok.lcut
        for t in texts:
            cut(t)

    cases: Sequence[tuple[str, str, Callable[[], None]]] = (
        ("ours", "zhifa check_text（词表 + 句式 + 规则 + 模型）", ours),
        ("raw_automaton", "上限：pyahocorasick 单次扫描（同一词表）", automaton),
        ("raw_str_find", f"参照：str.find 逐词查找（{len(terms)} 个词）", str_find),
        ("model_only", "仅统计模型（字 n-gram 逻辑回归）", model_only),
        ("peer_jieba", "同类：jieba.lcut 分词", jieba_lcut),
    )
    seconds: dict[str, float] = {}
    for key, label, fn in cases:
        if progress:
            progress(label)
        seconds[key] = _best(fn, repeats)
    rows = []
    for key, label, _ in cases:
        s = seconds[key]
        rows.append(
            {
                "name": key,
                "label": label,
                "texts_per_s": round(n / s),
                "us_per_text": round(s / n * 1e6, 1),
                "relative_to_ours": round(seconds["ours"] / s, 2),
            }
        )
    return {
        "texts": n,
        "mean_chars": round(sum(map(len, texts)) / n, 1),
        "flagged_texts": found,
        "repeats": repeats,
        "core": where,
        "target_texts_per_s": 2000,
        "rows": rows,
    }

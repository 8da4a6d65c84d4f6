"""`zhifa bench redact`: quality on the corpora and speed of the redactor, in one run.

Quality: per-kind recall and the wrong-mask rate of must-stay-public items on each corpus in
``zhifa/disclosure/data/corpus`` (see ``CORPORA`` for which were tuned on and which were
written by another author and measured once, unseen).
Speed: decision texts of about 1,500 characters redacted on one core, against the raw
limit (one compiled regex pass over the same texts, the least any pattern-based redactor
does) and, when installed, a peer library (jionlp's extractors for ID numbers, phones,
e-mail and plates on the same texts; it finds no names or addresses, so it does less work).
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable
from typing import Any

from zhifa.disclosure.redact import redact
from zhifa.disclosure.redaction_corpus import CORPUS_DIR, evaluate, load_corpus

CORPORA = {
    "dev": "tuned on",
    "dev2": "held-out 1, measured once, then tuned on",
    "heldout": "held-out 2, unseen in round 1; its misses were studied in round 2",
    "heldout_a": "held-out A, measured before round 2, then tuned on",
    "heldout_b": "held-out B, never tuned on in round 2; its misses were studied in round 3",
    "heldout_c": "held-out C, written and measured before round 3, then tuned on",
    "heldout_d": "held-out D, measured unseen at the end of round 3, then tuned on in round 4",
    "heldout_e": "held-out E, written by another author who never saw the detector; "
    "measured once at the end of round 4, then tuned on in round 5",
    "heldout_f": "held-out F, written by another author for round 5; measured once, unseen, "
    "then tuned on",
    "heldout_g": "held-out G, written by another author for round 5; measured once, unseen, "
    "then tuned on",
    "heldout_h": "held-out H, written by another author for round 5; measured once, unseen, "
    "then tuned on",
    "heldout_i": "held-out I, written by another author for round 5; measured once, unseen, "
    "then tuned on",
    "heldout_j": "held-out J, written by another author for round 5; measured once, unseen, "
    "then tuned on",
    "heldout_k": "held-out K, written by another author for round 5; measured once, unseen, "
    "at the end of round 5; not tuned on",
}


def _texts(target_chars: int = 1500) -> list[str]:
    """Decision texts of about ``target_chars`` characters, built from whole corpus documents."""
    docs = [d.text for name in CORPORA for d in load_corpus(CORPUS_DIR / f"{name}.txt")]
    out: list[str] = []
    for i in range(len(docs)):
        text = ""
        j = i
        while len(text) < target_chars:
            text += docs[j % len(docs)]
            j += 1
        out.append(text[:target_chars])
    return out


def _rate(fn: Callable[[str], Any], texts: list[str], seconds: float) -> dict[str, float]:
    """Texts per second of ``fn`` over ``texts`` (repeated for at least ``seconds``)."""
    for t in texts[:5]:
        fn(t)  # warm-up: compiled patterns, caches
    enabled = gc.isenabled()
    gc.disable()
    try:
        done = 0
        chars = 0
        start = time.perf_counter()
        cpu_start = time.process_time()
        while True:
            for t in texts:
                fn(t)
                chars += len(t)
            done += len(texts)
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        cpu = time.process_time() - cpu_start
    finally:
        if enabled:
            gc.enable()
    # Wall time counts the waits of a shared machine; CPU time is what one core spent.
    return {
        "texts": done,
        "seconds": round(elapsed, 3),
        "texts_per_second": round(done / elapsed, 1),
        "cpu_seconds": round(cpu, 3),
        "texts_per_cpu_second": round(done / cpu, 1) if cpu else 0.0,
        "chars_per_cpu_second": round(chars / cpu) if cpu else 0,
        "ms_cpu_per_text": round(1000 * cpu / done, 3),
    }


_RAW = re.compile(r"\d{7,}|[\u4e00-\u9fff]{2,4}(?=[，,]男|[，,]女)")


def _raw(text: str) -> int:
    return sum(1 for _ in _RAW.finditer(text))


def _peer() -> tuple[str, Callable[[str], Any]] | None:
    import contextlib
    import io

    try:
        # jionlp prints a banner on import; keep it out of the JSON report on stdout.
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp as jio  # type: ignore[import-not-found,unused-ignore]
    except Exception:
        return None

    def extract(text: str) -> int:
        found = jio.extract_id_card(text) + jio.extract_phone_number(text)
        found += jio.extract_email(text) + jio.extract_motor_vehicle_licence_plate(text)
        return len(found)

    return f"jionlp {getattr(jio, '__version__', '')}".strip(), extract


def run(seconds: float = 5.0, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    report: dict[str, Any] = {"quality": {}, "speed": {}}
    for name, status in CORPORA.items():
        if progress:
            progress(f"评估语料 {name}")
        ev = evaluate(load_corpus(CORPUS_DIR / f"{name}.txt")).as_dict()
        ev["status"] = status
        report["quality"][name] = ev
    texts = _texts()
    report["speed"]["text_chars"] = round(sum(map(len, texts)) / len(texts))
    if progress:
        progress("测速：zhifa redact")
    report["speed"]["zhifa"] = _rate(redact, texts, seconds)
    if progress:
        progress("测速：原始上限（单个正则）")
    report["speed"]["raw_limit_one_regex"] = _rate(_raw, texts, seconds)
    peer = _peer()
    if peer is None:
        report["speed"]["peer"] = "jionlp 未安装（pip install jionlp），未比较"
    else:
        label, fn = peer
        if progress:
            progress(f"测速：{label}")
        report["speed"]["peer"] = {"library": label, **_rate(fn, texts, seconds)}
    return report

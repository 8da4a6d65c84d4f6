"""Word boundaries from jieba, loaded lazily and quietly.

jieba is only consulted for a sentence in which a short lexicon term was found (is 畜生 a
word in 你这个畜生, or two halves of 牲畜生产?), so most texts never pay for segmentation.
Its dictionary loads on first use (about a second, then cached by jieba in the temp dir).
"""

from __future__ import annotations

import logging
import threading
import warnings
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_tokenizer: Any = None


def tokenizer() -> Any:
    """The process's jieba tokenizer (its own instance: other users' dictionaries untouched)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                # jieba imports pkg_resources and has old-style escapes: silence their
                # deprecation warnings, and its start-up chatter on stderr.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tok = jieba.Tokenizer()
                    tok.initialize()
                _tokenizer = tok
    return _tokenizer


@lru_cache(maxsize=4096)
def boundaries(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a word starts or ends (0 and len(text) included)."""
    pos = 0
    out = {0}
    for word in tokenizer().cut(text, HMM=False):
        pos += len(word)
        out.add(pos)
    return frozenset(out)


def words(text: str) -> list[str]:
    """jieba's words of ``text`` (used by the benchmark's peer and by tests)."""
    return list(tokenizer().lcut(text))

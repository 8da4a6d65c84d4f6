"""The project's labelled corpus of enforcement utterances, and its deterministic split.

``data/corpus.jsonl`` (training pool) holds one utterance a line: ``text``, ``label``
(``civil`` or a category), ``field`` (执法领域), ``register`` (onsite, phone, window,
transcript, notice). A fifth of it, chosen by the SHA-256 of the text, is the ``dev`` split
that training never sees. ``data/heldout.jsonl`` was written separately, in other words and
styles (colloquial and dialect wording, long mixed turns, speaker-labelled transcripts,
written replies), and is never used to train or tune anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from zhifa.civility.model import Category
from zhifa.kernel.errors import InvalidInput, Violation

CORPUS_FILE = "data/corpus.jsonl"
HELDOUT_FILE = "data/heldout.jsonl"
CIVIL = "civil"
LABELS = (CIVIL, *(c.value for c in Category))

Split = Literal["train", "dev", "heldout"]


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # "civil" or a Category value
    field: str
    register: str
    line: int

    @property
    def uncivil(self) -> bool:
        return self.label != CIVIL

    @property
    def category(self) -> Category | None:
        return None if self.label == CIVIL else Category(self.label)


def split_of(text: str) -> Literal["train", "dev"]:
    """Deterministic: the first byte of SHA-256(text) modulo 5 == 0 puts it in ``dev``."""
    return "dev" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 5 == 0 else "train"


def read(name: str) -> str:
    return resources.files("zhifa.civility").joinpath(name).read_text("utf-8")


def sha256_of(name: str) -> str:
    return hashlib.sha256(read(name).encode("utf-8")).hexdigest()


def parse(text: str, source: str) -> Iterator[Example]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            example = Example(
                str(row["text"]), str(row["label"]), str(row["field"]), str(row["register"]), n
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(
                "语料文件格式错误",
                f"bad corpus line: {exc}",
                violations=[
                    Violation("corpus", "不是有效的语料行", "not a corpus line", f"{source}:{n}")
                ],
            ) from None
        if example.label not in LABELS:
            raise InvalidInput(
                "语料标签无效",
                f"unknown label {example.label!r}",
                violations=[Violation("label", "标签无效", "unknown label", f"{source}:{n}")],
            )
        yield example


def load(split: Split) -> list[Example]:
    """The examples of one split."""
    if split == "heldout":
        return list(parse(read(HELDOUT_FILE), HELDOUT_FILE))
    return [e for e in parse(read(CORPUS_FILE), CORPUS_FILE) if split_of(e.text) == split]

"""The redactor's evaluation corpora and their scoring.

A corpus file holds documents separated by lines ``=== id ===``; lines before the first
separator starting with ``#`` are comments. Inside a document, ``[[kind:value]]`` marks
personal data that must be masked (``kind`` is a span kind) and ``{{kind:value}}`` marks an
item that must stay public (org, uscc, doc_number, citation, amount, date, officer_name,
credential, address_public, …). The markup is removed and the offsets of each marked value in
the clean text become the gold spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhifa.disclosure.redact import KINDS, Redaction, redact
from zhifa.kernel.errors import InvalidInput, Violation

CORPUS_DIR = Path(__file__).parent / "data" / "corpus"
_MARK = re.compile(r"\[\[(\w+):(.+?)\]\]|\{\{(\w+):(.+?)\}\}")
_SEPARATOR = re.compile(r"^=== (.+?) ===\s*$")


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    personal: list[GoldSpan]
    public: list[GoldSpan]


def parse_marked(doc_id: str, marked: str, location: str = "") -> Document:
    """Strip the markup of one document and return its text with gold spans."""
    out: list[str] = []
    personal: list[GoldSpan] = []
    public: list[GoldSpan] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        kind, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        span = GoldSpan(length, length + len(value), kind)
        if m.group(1):
            if kind not in KINDS:
                raise InvalidInput(
                    f"语料标注有误：未知的类型 {kind}",
                    f"corpus {doc_id}: unknown personal kind {kind!r}",
                    violations=[Violation("kind", f"未知类型 {kind}", "unknown kind", location)],
                )
            personal.append(span)
        else:
            public.append(span)
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(marked[pos:])
    return Document(doc_id, "".join(out).strip("\n") + "\n", personal, public)


def load_corpus(path: Path) -> list[Document]:
    docs: list[Document] = []
    current: str | None = None
    lines: list[str] = []
    first_line = 0

    def flush() -> None:
        if current is not None:
            docs.append(parse_marked(current, "".join(lines), f"{path.name}:{first_line}"))

    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            m = _SEPARATOR.match(line)
            if m:
                flush()
                current, lines, first_line = m.group(1).split()[0], [], n
            elif current is not None:
                lines.append(line)
    flush()
    return docs


@dataclass
class KindScore:
    gold: int = 0
    masked: int = 0  # fully covered by masked spans of any kind
    same_kind: int = 0  # fully covered by masked spans of the gold kind
    missed: list[str] = field(default_factory=list)  # "doc_id@offset", never the value

    @property
    def recall(self) -> float:
        return self.masked / self.gold if self.gold else 1.0


@dataclass
class Evaluation:
    documents: int
    characters: int
    kinds: dict[str, KindScore]
    public_total: int
    public_wrongly_masked: int
    public_misses: list[str]
    extra_spans: int  # masked spans touching no gold personal item
    extra_where: list[str]

    @property
    def public_wrong_rate(self) -> float:
        return self.public_wrongly_masked / self.public_total if self.public_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "characters": self.characters,
            "recall": {
                k: {
                    "gold": s.gold,
                    "masked": s.masked,
                    "recall": round(s.recall, 4),
                    "same_kind": s.same_kind,
                    "missed": s.missed,
                }
                for k, s in self.kinds.items()
            },
            "public_items": self.public_total,
            "public_wrongly_masked": self.public_wrongly_masked,
            "public_wrong_rate": round(self.public_wrong_rate, 4),
            "public_misses": self.public_misses,
            "extra_spans": self.extra_spans,
            "extra_where": self.extra_where,
        }


def _covered(span: GoldSpan, masked: list[tuple[int, int, str]], kind: str | None) -> bool:
    hit = [False] * (span.end - span.start)
    for a, b, k in masked:
        if kind is not None and k != kind:
            continue
        for i in range(max(a, span.start), min(b, span.end)):
            hit[i - span.start] = True
    return all(hit)


def evaluate(docs: Iterable[Document], redactor: Callable[[str], Redaction] = redact) -> Evaluation:
    kinds: dict[str, KindScore] = {k: KindScore() for k in KINDS}
    public_total = wrong = extra = 0
    public_misses: list[str] = []
    extra_where: list[str] = []
    n_docs = chars = 0
    for doc in docs:
        n_docs += 1
        chars += len(doc.text)
        masked = [(s.start, s.end, str(s.kind)) for s in redactor(doc.text).spans]
        for g in doc.personal:
            score = kinds[g.kind]
            score.gold += 1
            if _covered(g, masked, None):
                score.masked += 1
            else:
                score.missed.append(f"{doc.doc_id}@{g.start}")
            if _covered(g, masked, g.kind):
                score.same_kind += 1
        for g in doc.public:
            public_total += 1
            if any(a < g.end and g.start < b for a, b, _ in masked):
                wrong += 1
                public_misses.append(f"{doc.doc_id}@{g.start} {g.kind}")
        for a, b, k in masked:
            if not any(a < g.end and g.start < b for g in doc.personal):
                extra += 1
                extra_where.append(f"{doc.doc_id}@{a} {k}")
    return Evaluation(n_docs, chars, kinds, public_total, wrong, public_misses, extra, extra_where)

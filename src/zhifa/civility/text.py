"""Where the officer's own words are in a text: speaker labels, quotations, reported speech,
sentences and clauses. Pure functions over character offsets of the original text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from zhifa.civility.model import OFFICER_SPEAKERS, PARTY_SPEAKERS

SENTENCE_ENDS = frozenset("。！？!?；;\n…")
CLAUSE_ENDS = SENTENCE_ENDS | frozenset("，,、：:")
TRIM = frozenset(" \t\r\n\u3000。！？!?；;，,、：:…·—-~～“”‘’「」『』\"'（）()【】[]")

_LABELS = sorted(
    (OFFICER_SPEAKERS | PARTY_SPEAKERS) - {"officer", "party", "witness", "other"},
    key=len,
    reverse=True,
)
# A label starts a line, or follows the end of the previous turn on the same line
# ("问：……？答：……。问：……").
_LABEL_RE = re.compile(
    r"(?:^|(?<=[。！？!?”」]))[ \t\u3000]*("
    + "|".join(map(re.escape, _LABELS))
    + r")([^\n：:，,。！？!?]{0,8}?)[：:]",
    re.MULTILINE,
)

_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "＂": "＂"}
# A short quoted word right after an address is a scare-quoted label the officer applies
# ("你就是个“老赖”"): that is the officer's language, not reported speech.
_ADDRESS_BEFORE = re.compile(r"(你|您|你们)(就|真|简直|根本)?(是|像)?(个|一个|一群|一帮)?$")
_MAX_QUOTE = 400
_QUOTE_OPEN = re.compile("[" + re.escape("".join(_QUOTE_PAIRS)) + "]")

# Third parties' words reported without quotation marks: 当事人骂执法人员是土匪.
_REPORTED = re.compile(
    r"(当事人|对方|该男子|该女子|该人|男子|女子|驾驶员|司机|经营者|老板|店主|摊主|负责人|群众|投诉人|"
    r"举报人|围观人员|围观群众|其家属|家属|他|她|其|他们|她们)"
    r"[^，,。！!？?；;\n]{0,8}?(骂|辱骂|谩骂|大骂|称|说|喊|大喊|叫|叫嚷|嚷|扬言|声称|威胁|表示|吼|质问|说道)"
    r"(道|着)?(执法人员|我们|我|民警|队员|工作人员)?(是|为|道)?[：:，,]?"
)


def speaker_spans(text: str) -> list[tuple[int, int, bool]] | None:
    """Split a transcript-like text at speaker labels (执法人员： 当事人： 问： 答：).

    Returns ``(start, end, by_officer)`` for each speaker's words (the label itself
    excluded), or ``None`` when the text has no speaker labels. Text before the first
    label is the officer's.
    """
    matches = list(_LABEL_RE.finditer(text))
    if not matches:
        return None
    spans: list[tuple[int, int, bool]] = []
    if matches[0].start() > 0:
        spans.append((0, matches[0].start(), True))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        label = m.group(1)
        spans.append((m.end(), end, label in OFFICER_SPEAKERS))
    return spans


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Quotations that report someone else's words, marks included.

    Scare quotes around a short label the officer applies to the person addressed stay
    the officer's language.
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    while True:
        m = _QUOTE_OPEN.search(text, pos)
        if m is None:
            return out
        i = m.start()
        j = text.find(_QUOTE_PAIRS[text[i]], i + 1, min(n, i + 1 + _MAX_QUOTE))
        if j < 0:
            pos = i + 1
            continue
        inner = j - i - 1
        if not (inner <= 6 and _ADDRESS_BEFORE.search(text, max(0, i - 8), i)):
            out.append((i, j + 1))
        pos = j + 1


def reported_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unquoted reported speech of a third party (当事人骂执法人员是土匪): from the reporting
    verb to the end of the sentence."""
    out: list[tuple[int, int]] = []
    for m in _REPORTED.finditer(text, start, end):
        if m.end() < end and text[m.end()] in _QUOTE_PAIRS:
            continue  # the quotation itself is excluded; what follows it is not reported
        stop = m.end()
        while stop < end and text[stop] not in SENTENCE_ENDS:
            stop += 1
        out.append((m.end(), stop))
    return out


@dataclass(frozen=True)
class Layout:
    """The officer's visible characters and the sentences of a text."""

    text: str
    visible: bytearray  # 1 where the character is the officer's own, unquoted words
    sentences: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]

    def is_visible(self, start: int, end: int) -> bool:
        return 0 not in self.visible[start:end]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.starts, pos) - 1
        return self.sentences[max(i, 0)]

    def visible_text(self, start: int, end: int) -> str:
        if 0 not in self.visible[start:end]:
            return self.text[start:end]
        return "".join(
            c for c, v in zip(self.text[start:end], self.visible[start:end], strict=True) if v
        )

    def clause_of(self, pos: int) -> tuple[int, int]:
        s, e = self.sentence_of(pos)
        a = pos
        while a > s and self.text[a - 1] not in CLAUSE_ENDS:
            a -= 1
        b = pos
        while b < e and self.text[b] not in CLAUSE_ENDS:
            b += 1
        return a, b


def layout(text: str, *, labels: bool) -> Layout:
    """The officer's words in ``text``; with ``labels``, speaker labels are honoured."""
    n = len(text)
    visible = bytearray(b"\x01") * n
    spans = speaker_spans(text) if labels else None
    if spans is not None:
        visible = bytearray(n)
        for s, e, officer in spans:
            if officer:
                visible[s:e] = b"\x01" * (e - s)
    for s, e in quoted_spans(text):
        visible[s:e] = bytes(e - s)
    sentences = split_sentences(text)
    for s, e in sentences:
        if any(visible[s:e]):
            for rs, re_ in reported_spans(text, s, e):
                visible[rs:re_] = bytes(re_ - rs)
    return Layout(text, visible, tuple(sentences), tuple(s for s, _ in sentences))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` covering the text; the end mark stays in its sentence."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        if text[i] in SENTENCE_ENDS:
            j = i + 1
            # Closing quotes and runs of end marks belong to the sentence they end.
            while j < n and (text[j] in SENTENCE_ENDS - {"\n"} or text[j] in '”’」』"'):
                j += 1
            out.append((start, j))
            start = j
            i = j
        else:
            i += 1
    if start < n:
        out.append((start, n))
    return out or [(0, n)]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding whitespace and punctuation."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end

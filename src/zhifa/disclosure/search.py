"""Full-text search over published decisions, in Chinese, on SQLite and PostgreSQL.

Chinese has no spaces between words, so both databases index character trigrams and a
search term matches wherever it occurs as a substring:

- SQLite: an FTS5 table with the ``trigram`` tokenizer (SQLite ≥ 3.34), kept in step with
  ``publications.search_text`` by triggers (migration 0004). Each term of three or more
  characters becomes one FTS5 string literal (double-quoted, inner quotes doubled), so
  nothing a user types — quotes, ``*``, ``NEAR``, parentheses, ``AND``/``OR``, ``^``, ``:`` —
  is read as query syntax. Shorter terms cannot use a trigram index: they fall back to a
  ``LIKE`` over ``search_text``.
- PostgreSQL: a GIN index with ``gin_trgm_ops`` (pg_trgm) over ``search_text``, used by
  ``ILIKE '%term%'`` for terms of three characters or more.

``LIKE`` patterns escape ``%``, ``_`` and the escape character itself. Terms are ANDed;
a term with no letter or digit (a stray ``*``, a lone quote) is dropped.
A query is normalised (NFKC: full-width letters and digits from phone keyboards become
half-width), stripped of control characters, and cut at ``MAX_QUERY_CHARS`` characters
and ``MAX_TERMS`` terms; ``parse_query`` says when it cut, for the page to tell the user.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, String, and_, column, func, select, text
from sqlalchemy.orm import Session

from zhifa.disclosure.tables import FTS_TABLE, PublicationRow

MAX_QUERY_CHARS: Final = 100
MAX_TERMS: Final = 8
TRIGRAM: Final = 3
PUBLIC_STATUSES: Final = ("published", "withdrawn")
_ESCAPE: Final = "\\"


@dataclass(frozen=True)
class Query:
    """A normalised search query: its terms, and whether (and how) it was cut."""

    text: str
    terms: tuple[str, ...]
    truncated_from: int = 0  # the original length, when the query was cut
    dropped_terms: int = 0

    @property
    def notice_zh(self) -> str:
        notes = []
        if self.truncated_from:
            notes.append(
                f"搜索词过长（{self.truncated_from} 个字符），只按前 {MAX_QUERY_CHARS} 个字符搜索"
            )
        if self.dropped_terms:
            notes.append(f"关键词过多，只按前 {MAX_TERMS} 个关键词搜索")
        return "；".join(notes)


def _clean(raw: str) -> str:
    text_ = unicodedata.normalize("NFKC", raw)
    # Control and format characters (NUL, bidi overrides…) carry no search meaning.
    return "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text_)


def parse_query(raw: str | None) -> Query:
    """Normalise a user's query into at most ``MAX_TERMS`` terms (never raises)."""
    raw = raw or ""
    cut = 0
    if len(raw) > MAX_QUERY_CHARS * 4:
        # NFKC can expand a character up to 18-fold: bound the work before normalising.
        cut, raw = len(raw), raw[: MAX_QUERY_CHARS * 4]
    cleaned = " ".join(_clean(raw).split())
    if len(cleaned) > MAX_QUERY_CHARS:
        cut = cut or len(cleaned)
        cleaned = cleaned[:MAX_QUERY_CHARS].rstrip()
    # Unique, in order; a term of punctuation alone (a stray *, a lone quote) means nothing
    # to search for and is dropped rather than matched literally.
    terms = list(dict.fromkeys(t for t in cleaned.split() if any(c.isalnum() for c in t)))
    dropped = max(0, len(terms) - MAX_TERMS)
    return Query(cleaned, tuple(terms[:MAX_TERMS]), cut, dropped)


def fts_literal(term: str) -> str:
    """An FTS5 string literal: the term in double quotes, each inner quote doubled."""
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards (and the escape character) escaped."""
    escaped = (
        term.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    )
    return f"%{escaped}%"


def _like(term: str, *, insensitive: bool) -> ColumnElement[bool]:
    column = PublicationRow.search_text
    pattern = like_pattern(term)
    if insensitive:
        return column.ilike(pattern, escape=_ESCAPE)
    return column.like(pattern, escape=_ESCAPE)


def text_condition(dialect: str, q: Query) -> ColumnElement[bool] | None:
    """The WHERE condition matching every term, on this database."""
    if not q.terms:
        return None
    conditions: list[ColumnElement[bool]] = []
    if dialect == "sqlite":
        long_terms = [t for t in q.terms if len(t) >= TRIGRAM]
        if long_terms:
            match = " ".join(fts_literal(t) for t in long_terms)
            fts = text(
                f"SELECT publication_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query"
            ).bindparams(fts_query=match)
            conditions.append(PublicationRow.id.in_(fts.columns(column("publication_id", String))))
        # The trigram tokenizer is case-insensitive for ASCII; LIKE on SQLite is too.
        conditions += [_like(t, insensitive=False) for t in q.terms if len(t) < TRIGRAM]
    else:
        conditions += [_like(t, insensitive=True) for t in q.terms]
    return and_(*conditions)


@dataclass(frozen=True)
class DecisionFilter:
    """The portal's filters. Empty values mean "any"."""

    q: Query = field(default_factory=lambda: parse_query(""))
    body_id: str = ""
    field: str = ""
    kind: str = ""  # a PenaltyKind value
    date_from: date | None = None
    date_to: date | None = None
    status: str = ""  # "" (published and withdrawn) | published | withdrawn

    def params(self) -> dict[str, str]:
        out = {
            "q": self.q.text,
            "body": self.body_id,
            "field": self.field,
            "kind": self.kind,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "status": self.status,
        }
        return {k: v for k, v in out.items() if v}


def decisions_stmt(dialect: str, f: DecisionFilter) -> Select[PublicationRow]:
    """Published (and withdrawn) decisions matching the filter, newest first."""
    statuses = (f.status,) if f.status in PUBLIC_STATUSES else PUBLIC_STATUSES
    stmt = select(PublicationRow).where(PublicationRow.status.in_(statuses))
    condition = text_condition(dialect, f.q)
    if condition is not None:
        stmt = stmt.where(condition)
    if f.body_id:
        stmt = stmt.where(PublicationRow.body_id == f.body_id)
    if f.field:
        stmt = stmt.where(PublicationRow.field == f.field)
    if f.kind:
        stmt = stmt.where(
            PublicationRow.penalty_kinds_key.like(like_pattern(f" {f.kind} "), escape=_ESCAPE)
        )
    if f.date_from:
        stmt = stmt.where(PublicationRow.published_on >= f.date_from)
    if f.date_to:
        stmt = stmt.where(PublicationRow.published_on <= f.date_to)
    return stmt.order_by(PublicationRow.published_on.desc(), PublicationRow.id)


def count(session: Session, stmt: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def search(
    session: Session, f: DecisionFilter, *, limit: int, offset: int = 0
) -> tuple[int, list[PublicationRow]]:
    """(total matching, one page of rows)."""
    stmt = decisions_stmt(session.get_bind().dialect.name, f)
    rows = list(session.scalars(stmt.limit(limit).offset(offset)))
    return count(session, stmt), rows

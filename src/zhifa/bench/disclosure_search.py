"""`zhifa bench decisions`: full-text search latency over published decisions.

A fresh database gets the demo jurisdiction's published decisions, cloned to ``rows``
decisions with distinct numbers and texts built from the redaction corpus (real decision
prose, about 1,000 characters each). Each query runs through ``zhifa.disclosure.search``
(one page of 20 and the total count, as the portal does) and is compared in the same run
with:

- the same query as plain ``LIKE`` conditions on the same table (no full-text index: what
  the database does without FTS5; on PostgreSQL the same ``ILIKE`` with index scans
  switched off), and
- the raw limit: Python's substring test over the texts already in memory (no database,
  no I/O — the least any substring search over these texts can do).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from zhifa.app_context import build_context, initialise
from zhifa.disclosure.redaction_corpus import CORPUS_DIR, load_corpus
from zhifa.disclosure.search import DecisionFilter, decisions_stmt, parse_query, search
from zhifa.disclosure.tables import PublicationRow
from zhifa.kernel.clock import FixedClock
from zhifa.settings import Settings

QUERIES = {
    "common word (3 chars, matches most)": "行政处罚",
    "statute (3+ chars)": "食品安全法",
    "rare phrase": "无证经营",
    "decision number (unique)": "〔2025〕07777号",
    "two characters (LIKE fallback)": "罚款",
    "two terms": "广告法 罚款",
    "no match": "量子纠缠",
}


def _texts(n: int, size: int = 1000) -> list[str]:
    docs = [d.text for p in sorted(CORPUS_DIR.glob("*.txt")) for d in load_corpus(p)]
    out = []
    for i in range(n):
        text, j = "", i
        while len(text) < size:
            text += docs[j % len(docs)]
            j += 7
        out.append(text[:size])
    return out


def _time(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2),
    }


def run(
    rows: int = 10_000,
    *,
    repeat: int = 20,
    database_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    from zhifa.demo import load_demo, load_demo_cases
    from zhifa.disclosure.demo import publish_demo

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            mode="test",
            data_dir=Path(tmp) / "data",
            database_url=database_url or f"sqlite:///{Path(tmp) / 'bench.db'}",
        )
        ctx = build_context(settings, clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)))
        initialise(ctx)
        load_demo(ctx)
        load_demo_cases(ctx, per_body=10)
        publish_demo(ctx)
        texts = _texts(rows)
        with ctx.uow() as uow:
            s = uow.session
            template = s.scalars(
                select(PublicationRow).where(PublicationRow.status == "published")
            ).first()
            assert template is not None
            base = {c.key: getattr(template, c.key) for c in PublicationRow.__table__.columns}
            batch: list[dict[str, Any]] = []
            for i, text in enumerate(texts):
                number = f"示市监罚〔2025〕{i:05d}号"
                batch.append(
                    base
                    | {
                        "id": f"bench{i:027d}",
                        "number": number,
                        "text": text,
                        "search_text": f"{number}\n{template.body_name}\n{text}",
                        "published_on": template.published_on
                        and template.published_on - timedelta(days=i % 365),
                    }
                )
                if len(batch) == 1000:
                    s.execute(insert(PublicationRow), batch)
                    batch = []
                    if progress:
                        progress(i + 1, rows)
            if batch:
                s.execute(insert(PublicationRow), batch)
            uow.commit()
        memory = [f"示市监罚〔2025〕{i:05d}号\n{t}" for i, t in enumerate(texts)]
        dialect = ctx.engine.dialect.name
        out: dict[str, Any] = {"rows": rows, "database": dialect, "queries": {}}
        with Session(ctx.engine) as s:
            out["rows"] = s.scalar(select(func.count()).select_from(PublicationRow))
            for label, q in QUERIES.items():
                f = DecisionFilter(q=parse_query(q))
                stmt_like = decisions_stmt("other", f)

                def indexed(f: DecisionFilter = f) -> int:
                    return search(s, f, limit=20)[0]

                def like(stmt: Any = stmt_like) -> int:
                    list(s.scalars(stmt.limit(20)))
                    return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0

                terms = f.q.terms

                def raw(terms: tuple[str, ...] = terms) -> int:
                    return sum(1 for t in memory if all(term in t for term in terms))

                hits = indexed()
                timed = _time(indexed, repeat)
                if dialect == "postgresql":  # the same ILIKE, with the trigram index off
                    s.execute(sql("SET enable_bitmapscan = off"))
                    s.execute(sql("SET enable_indexscan = off"))
                scanned = _time(like, repeat)
                if dialect == "postgresql":
                    s.execute(sql("RESET enable_bitmapscan"))
                    s.execute(sql("RESET enable_indexscan"))
                out["queries"][label] = {
                    "query": q,
                    "matches": hits,
                    "zhifa_search": timed,
                    "like_scan": scanned,
                    "raw_python_scan": _time(raw, repeat),
                }
        ctx.engine.dispose()
    return out

"""`zhifa bench import`: the data-standard import, measured with everything it does.

A file of lawful case histories (``zhifa.cases.synthetic``) is written first (not timed).
Then, on a fresh SQLite database holding the demonstration registry, ``zhifa import`` does
its real work: parse and schema-check every line, run every guard in order, encrypt the
personal fields, append to the Merkle ledger, update the projections, commit once.

Beside it, in the same run and on the same lines:

* the raw limit — the lines inserted into one SQLite table with ``executemany`` in one
  transaction (what the disk and SQLite allow, with no work at all);
* a peer — the ``eventsourcing`` library recording the same events into SQLite as one
  aggregate per case (it checks nothing, projects nothing and builds no tree).
"""

from __future__ import annotations

import os
import resource
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from zhifa.app_context import build_context, initialise
from zhifa.settings import Settings

Progress = Callable[[str, int, int], None]


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_file(path: Path, events: int, progress: Progress | None = None) -> int:
    """Generate lawful histories for the demo bodies until ``events`` lines are written."""
    from zhifa.cases.interchange import to_line
    from zhifa.cases.services import calendar_env
    from zhifa.cases.synthetic import Generator
    from zhifa.demo import demo_casts

    env = calendar_env()
    casts = demo_casts()
    written = 0
    start, until = date(2024, 1, 2), date(2026, 6, 30)
    with path.open("wb") as fh:
        round_ = 0
        while written < events:
            for cast in casts:
                gen = Generator(env, cast, seed=f"bench-{round_}")
                for e in gen.cases(2000, start, until):
                    fh.write(to_line(e) + b"\n")
                    written += 1
                    if written >= events:
                        break
                if progress:
                    progress("generate", written, events)
                if written >= events:
                    break
            round_ += 1
    return written


def _raw(lines: list[bytes], db: Path) -> float:
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE events (n INTEGER PRIMARY KEY, body BLOB)")
    t = time.perf_counter()
    with con:
        con.executemany("INSERT INTO events (body) VALUES (?)", ((b,) for b in lines))
    elapsed = time.perf_counter() - t
    con.close()
    return elapsed


def _peer(lines: list[bytes], db: Path) -> float | str:
    try:
        from eventsourcing.application import Application
        from eventsourcing.domain import Aggregate, event
    except ImportError:
        return "eventsourcing not installed (pip install eventsourcing)"
    import json

    class Case(Aggregate):
        @event("Started")
        def __init__(self, first: dict[str, Any]) -> None:
            self.steps = [first]

        @event("Stepped")
        def step(self, data: dict[str, Any]) -> None:
            self.steps.append(data)

    app: Any = Application(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(db)}
    )
    t = time.perf_counter()
    cases: dict[str, Any] = {}
    batch: dict[str, Any] = {}
    for i, line in enumerate(lines, 1):
        obj = json.loads(line)
        cid = obj["data"]["case_id"]
        agg = cases.get(cid)
        if agg is None:
            agg = cases[cid] = Case(obj)
        else:
            agg.step(obj)
        batch[cid] = agg
        if i % 2000 == 0:
            app.save(*batch.values())
            batch.clear()
    if batch:
        app.save(*batch.values())
    return time.perf_counter() - t


def run(events: int, progress: Progress | None = None, keep: Path | None = None) -> dict[str, Any]:
    from zhifa.cases.interchange import import_events, parse_all, read_lines
    from zhifa.demo import load_demo

    tmp = Path(tempfile.mkdtemp(prefix="zhifa-bench-import-"))
    file = keep or tmp / "events.jsonl"
    if not file.exists():
        write_file(file, events, progress)
    lines = file.read_bytes().splitlines()
    report: dict[str, Any] = {
        "events": len(lines),
        "file_mb": round(file.stat().st_size / 2**20, 1),
        "cpu_count": os.cpu_count(),
        "database": "sqlite",
    }
    settings = Settings(
        mode="test", data_dir=tmp / "data", database_url=f"sqlite:///{tmp / 'zhifa.db'}"
    )
    ctx = build_context(settings)
    initialise(ctx)
    load_demo(ctx)
    ctx.checkpointer.flush()
    rss0 = _rss_mb()

    t0 = time.perf_counter()
    parsed, problems = parse_all(read_lines(lines))
    t1 = time.perf_counter()
    if problems:
        raise RuntimeError(f"generated file has {len(problems)} bad lines: {problems[:3]}")
    with ctx.uow() as uow:
        rep = import_events(
            uow,
            parsed,
            cipher=ctx.pii,
            progress=(lambda n: progress("import", n, len(lines))) if progress else None,
        )
        uow.commit()
    t2 = time.perf_counter()
    ctx.checkpointer.flush()
    ctx.engine.dispose()
    total = t2 - t0
    report["zhifa_import"] = {
        "seconds": round(total, 2),
        "events_per_s": round(len(lines) / total),
        "parse_and_validate_s": round(t1 - t0, 2),
        "guards_ledger_projections_commit_s": round(t2 - t1, 2),
        "cases": rep.cases,
        "peak_rss_mb": _rss_mb(),
        "rss_before_mb": rss0,
        "target_min_events_per_s": 10000,
    }
    raw = _raw(lines, tmp / "raw.db")
    report["raw_sqlite_executemany"] = {
        "seconds": round(raw, 2),
        "events_per_s": round(len(lines) / raw),
    }
    peer = _peer(lines, tmp / "peer.db")
    report["peer_eventsourcing_sqlite"] = (
        {"seconds": round(peer, 2), "events_per_s": round(len(lines) / peer)}
        if isinstance(peer, float)
        else {"skipped": peer}
    )
    report["note"] = (
        "zhifa: parse + schema + guards + AES-GCM for personal fields + Merkle ledger + "
        "projections, one transaction; raw: plain INSERT of the same lines; eventsourcing: "
        "one aggregate per case, no checks, no projections, no tree."
    )
    return report

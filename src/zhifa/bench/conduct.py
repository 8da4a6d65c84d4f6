"""`zhifa bench conduct`: every conduct detector and analysis over a synthetic province-year.

The year is generated as it is consumed (never held whole in memory): case histories from
``zhifa.cases.synthetic`` for many bodies (the demonstration's bodies, cloned with their own
ids and officers), 涉企检查 records of thousands of enterprises, and complaints. Generation
is timed apart from the engine. Then:

* the engine (``zhifa.conduct.engine``) folds every event in ledger order — each detector on
  the events it reads — then runs the clock (timed detectors, as of the year's end) and the
  analyses; its CPU and wall time and peak memory are reported;
* the raw limit on the same events: a loop that only files each event under its case (the
  least any per-case fold can do);
* a peer: DuckDB running two of the analyses (罚没收入 growth per body, 类案不同罚 spread per
  body/matter/tier) as SQL over a columnar table of the same decisions and payments;
* incremental evaluation: after the year, new events are fed one at a time into the warm
  engine, each with the clock rules of its own case; p50 / p99 / max per event.
"""

from __future__ import annotations

import dataclasses
import os
import random
import resource
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from zhifa.kernel.events import Event

Progress = Callable[[str, int, int], None]


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _casts(copies: int) -> list[Any]:
    from zhifa.demo import demo_casts

    out = []
    for k in range(copies):
        for c in demo_casts():
            out.append(
                dataclasses.replace(
                    c,
                    body_id=f"{c.body_id}-{k}",
                    investigators=tuple(f"{o}-{k}" for o in c.investigators),
                    reviewer=f"{c.reviewer}-{k}" if c.reviewer else None,
                    presider=f"{c.presider}-{k}" if c.presider else None,
                )
            )
    return out


def _uscc(n: int) -> str:
    from stdnum.cn import uscc

    base = f"91330106MA{n:07d}"[:17]
    return base + uscc.calc_check_digit(base)


def _inspections(
    bodies: list[Any], year: int, count: int, seed: str
) -> Iterator[tuple[date, Event]]:
    """涉企检查 records: each body inspects enterprises of its own pool, a few twice or thrice."""
    from zhifa.inspections.events import InspectionConducted

    rng = random.Random(seed)
    enterprises = [_uscc(n) for n in range(max(100, count // 3))]
    start = datetime(year, 1, 2, 1, 0, tzinfo=UTC)
    for i in range(count):
        c = bodies[rng.randrange(len(bodies))]
        at = start + timedelta(minutes=rng.randrange(0, 360 * 24 * 60))
        ent = enterprises[rng.randrange(len(enterprises))]
        yield (
            at.date(),
            InspectionConducted(
                actor=f"user:{c.body_id}",
                occurred_at=at + timedelta(hours=2),
                event_id=f"insp-{seed}-{i}",
                inspection_id=f"insp-{seed}-{i}",
                body_id=c.body_id,
                region_code=c.region_code,
                enterprise_uscc=ent,
                enterprise_name=f"示例企业{ent[-6:]}",
                kind=rng.choice(("routine", "random", "case", "special")),
                item_code="MR-FOOD-110-01",
                plan_id=f"plan-{year}" if rng.random() > 0.02 else "",
                approved_by=(head := c.head if rng.random() > 0.02 else ""),
                approved_on=at.date() if head else None,
                started_at=at,
                ended_at=at + timedelta(hours=1),
                place=f"企业经营场所{ent[-6:]}",
                officer_ids=c.investigators[:2],
                outcome="no_problem",
            ),
        )


def _year(
    events: int, year: int, progress: Progress | None, seed: str = "year"
) -> Iterator[list[Event]]:
    """The province-year in chunks, in ledger order within each chunk (case histories of a
    body together; inspections interleaved), about ``events`` events in all."""
    from zhifa.cases.services import calendar_env
    from zhifa.cases.synthetic import Generator

    env = calendar_env()
    copies = max(1, events // 150_000)
    casts = _casts(copies)
    inspections = _inspections(casts, year, events // 10, seed)
    produced = 0
    start, until = date(year, 1, 2), date(year, 11, 30)
    round_ = 0
    while produced < events:
        for cast in casts:
            chunk: list[Event] = list(
                Generator(env, cast, seed=f"{seed}-{round_}").cases(500, start, until)
            )
            for _ in range(len(chunk) // 9):
                got = next(inspections, None)
                if got is None:
                    break
                chunk.append(got[1])
            produced += len(chunk)
            if progress:
                progress("year", produced, events)
            yield chunk
            if produced >= events:
                return
        round_ += 1


def run(events: int, progress: Progress | None = None, incremental: int = 20_000) -> dict[str, Any]:
    from zhifa.conduct.engine import Engine

    year = 2025
    as_of = date(year, 12, 31)
    engine = Engine()
    gen_s = eng_cpu = eng_wall = raw_wall = 0.0
    total = 0
    facts: dict[str, list[Any]] = {
        k: [] for k in ("body", "month", "kind", "matter", "party", "tier", "fen")
    }
    matter_of: dict[str, tuple[str, str]] = {}
    t_gen = time.perf_counter()
    for chunk in _year(events, year, progress):
        gen_s += time.perf_counter() - t_gen
        # raw limit: file each event under its case, nothing else
        t = time.perf_counter()
        seen: dict[str, Event] = {}
        for e in chunk:
            seen[getattr(e, "case_id", e.event_id)] = e
        raw_wall += time.perf_counter() - t
        # the engine
        c0, w0 = time.process_time(), time.perf_counter()
        feed = engine.feed
        for e in chunk:
            feed(total, e)
            total += 1
        eng_cpu += time.process_time() - c0
        eng_wall += time.perf_counter() - w0
        _collect(chunk, facts, matter_of)
        t_gen = time.perf_counter()
    c0, w0 = time.process_time(), time.perf_counter()
    swept = engine.sweep(as_of)
    analysed = engine.analyse(as_of)
    end_cpu = time.process_time() - c0
    end_wall = time.perf_counter() - w0
    peak = _rss_mb()
    by_rule: dict[str, int] = {}
    for f in engine.found:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    report: dict[str, Any] = {
        "events": total,
        "cases": len(engine.tracks),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "generation_s": round(gen_s, 1),
        "zhifa_engine": {
            "rules": len(engine.rules),
            "detectors_on_events": sum(len(v) for v in engine.by_type.values()),
            "timed": len(engine.timed) + len(engine.timed_global),
            "analyses": len(engine.analyses),
            "fold_cpu_s": round(eng_cpu, 1),
            "fold_wall_s": round(eng_wall, 1),
            "clock_and_analyses_cpu_s": round(end_cpu, 1),
            "clock_and_analyses_wall_s": round(end_wall, 1),
            "total_wall_s": round(eng_wall + end_wall, 1),
            "events_per_s": round(total / (eng_wall + end_wall)),
            "target_max_s": 300,
            "findings": len(engine.found),
            "findings_by_rule": dict(sorted(by_rule.items())),
            "from_clock": len(swept),
            "from_analyses": len(analysed),
            "peak_rss_mb": peak,
        },
        "raw_limit_file_by_case": {
            "wall_s": round(raw_wall, 2),
            "events_per_s": round(total / raw_wall) if raw_wall else None,
        },
        "peer_duckdb": _duckdb(facts),
    }
    report["incremental"] = _incremental(engine, year, incremental, total)
    return report


def _collect(
    chunk: list[Event], facts: dict[str, list[Any]], matter_of: dict[str, tuple[str, str]]
) -> None:
    """The columns DuckDB reads: decisions (fines by matter, party kind and tier) and
    payments — the same facts the engine's analyses group by."""
    from zhifa.cases import events as ev

    for e in chunk:
        if isinstance(e, ev.CaseOpened | ev.SummaryDecisionIssued):
            matter_of[e.case_id] = (e.matter_code, e.party_kind)
        if isinstance(e, ev.DecisionIssued):
            matter, party = matter_of.get(e.case_id, ("", ""))
            facts["body"].append(e.body_id)
            facts["month"].append(e.decided_on.year * 100 + e.decided_on.month)
            facts["kind"].append("decision")
            facts["matter"].append(matter)
            facts["party"].append(party)
            facts["tier"].append(e.tier)
            facts["fen"].append(e.fine_fen)
        elif isinstance(e, ev.PaymentReceived):
            facts["body"].append(e.body_id)
            facts["month"].append(e.paid_on.year * 100 + e.paid_on.month)
            facts["kind"].append("payment")
            facts["matter"].append("")
            facts["party"].append("")
            facts["tier"].append("")
            facts["fen"].append(e.amount_fen)


def _duckdb(facts: dict[str, list[Any]]) -> dict[str, Any]:
    try:
        import duckdb
    except ImportError:  # pragma: no cover
        return {"skipped": "duckdb not installed"}
    import csv
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zhifa-bench-conduct-") as tmp:
        path = os.path.join(tmp, "facts.csv")
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(list(facts))
            w.writerows(zip(*facts.values(), strict=True))
        con = duckdb.connect()
        t = time.perf_counter()
        con.execute(f"CREATE TABLE f AS SELECT * FROM read_csv_auto('{path}', header = true)")
        load = time.perf_counter() - t
    t = time.perf_counter()
    growth = con.execute(
        """
        SELECT body, month, sum(fen) AS fen FROM f WHERE kind = 'payment'
        GROUP BY body, month
        """
    ).fetchall()
    spread = con.execute(
        """
        SELECT body, matter, party, tier, month // 100 AS year, count(*) n,
               min(fen) lo, max(fen) hi
        FROM f WHERE kind = 'decision' AND fen > 0
        GROUP BY body, matter, party, tier, year
        HAVING count(*) >= 5 AND max(fen) >= 3 * min(fen)
        """
    ).fetchall()
    q = time.perf_counter() - t
    return {
        "rows": len(facts["fen"]),
        "load_s": round(load, 2),
        "two_analyses_s": round(q, 3),
        "groups_month": len(growth),
        "spread_groups": len(spread),
        "note": "DuckDB runs only these two analyses as SQL (grouped as the engine groups: "
        "body, matter, party kind, tier, year); it folds no case and runs no detector.",
    }


def _incremental(engine: Any, year: int, count: int, start_index: int) -> dict[str, Any]:
    """New events one at a time into the warm engine, each with its case's clock rules."""
    lat: list[int] = []
    ctx = engine.ctx
    idx = start_index
    as_of = date(year, 12, 31)
    fed = 0
    for chunk in _year(count, year, None, seed="incremental"):
        for e in chunk:
            t = time.perf_counter_ns()
            engine.feed(idx, e)
            track = engine.tracks.get(getattr(e, "case_id", ""))
            if track is not None and track.state is not None:
                for r in engine.timed:
                    for _ in r.fn(track, ctx, as_of) or ():
                        pass
            lat.append(time.perf_counter_ns() - t)
            idx += 1
            fed += 1
            if fed >= count:
                break
        if fed >= count:
            break
    lat.sort()

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] / 1e6, 4)

    return {
        "events": len(lat),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(lat[-1] / 1e6, 3),
        "target_p99_ms": 2.0,
    }

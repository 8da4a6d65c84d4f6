"""Two processes appending at once never fork the log or lose an entry (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import func, select

from zhifa.app_context import Context
from zhifa.ledger.services import load_verifiers
from zhifa.ledger.tables import LedgerCheckpoint, LedgerEntry, LedgerState
from zhifa.ledger.verify import verify_all

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from zhifa.app_context import build_context
    from zhifa.demo import demo_id_number
    from zhifa.registry.services import register_party
    from zhifa.settings import Settings

    url, data_dir, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    ctx = build_context(Settings(mode="test", data_dir=data_dir, database_url=url,
                                 checkpoint_interval_seconds=0.0))
    for i in range(count):
        with ctx.uow() as uow:
            register_party(uow, f"worker-{worker}", kind="natural_person",
                           name=f"示例·并发{worker}-{i}", region_code="990102",
                           id_number=demo_id_number("990102", date(1990, 1, 1), worker * 100 + i))
            uow.commit()
    print("done", worker)
    """
)


def test_two_processes_append_without_forking(ctx: Context, tmp_path: Path) -> None:
    ctx.checkpointer  # noqa: B018 - creates the signing key before the writers start
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    url = ctx.settings.effective_database_url
    per_worker = 40
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), url, str(ctx.settings.data_dir), str(w), str(per_worker)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in (1, 2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert out.startswith("done")
    with ctx.read() as s:
        size = s.get_one(LedgerState, 1).size
        count = s.scalar(select(func.count()).select_from(LedgerEntry))
        indexes = s.scalars(select(LedgerEntry.idx).order_by(LedgerEntry.idx)).all()
        checkpoints = s.scalar(select(func.count()).select_from(LedgerCheckpoint))
        assert size == count == 2 * per_worker
        assert indexes == list(range(size))
        assert checkpoints is not None
        assert checkpoints >= 2  # heads were signed along the way
        report = verify_all(s, load_verifiers(ctx.settings), ctx.pii, ctx.settings.blob_dir)
    assert report.ok, [p.line() for p in report.problems]
    assert report.rows["parties"] == 2 * per_worker

"""Plain DB-API ``executemany`` for the hot write paths (the ledger, an import's rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection


def insert_rows(conn: Connection, table: str, columns: Sequence[str], rows: list[Any]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) with one executemany, skipping
    SQLAlchemy's per-row parameter processing.

    Only for columns holding ints, strings, bytes, booleans and None, which every driver
    takes as they are.
    """
    if not rows:
        return
    style = conn.dialect.paramstyle
    marks = ", ".join("?" if style == "qmark" else "%s" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    conn.exec_driver_sql(sql, rows)

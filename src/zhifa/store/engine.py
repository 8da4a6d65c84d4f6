"""The one engine and session factory; SQLite gets WAL and foreign keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from zhifa.kernel.errors import ConfigurationError


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # FULL: a committed transaction survives power loss (never lose an acknowledged record).
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


WRITE = "zhifa_write"


def _sqlite_begin(conn: Any) -> None:
    # One serialized writer: a unit of work takes the write lock at BEGIN, so two processes
    # never interleave a read-modify-write of the ledger's tree size. Reads begin deferred
    # and never hold the write lock (WAL lets them run beside the writer).
    immediate = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url``; an SQLite file's directory is created if needed."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigurationError(
            f"数据库地址格式不正确：{url!r}",
            f"malformed database URL {url!r}",
            hint_zh="示例：sqlite:///zhifa.db 或 postgresql+psycopg://postgres@127.0.0.1:5432/zhifa",
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not pysqlite, emit BEGIN (so BEGIN IMMEDIATE takes effect).
            dbapi_conn.isolation_level = None

        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, echo=echo, pool_pre_ping=True)
    raise ConfigurationError(
        f"不支持的数据库类型：{backend}（只支持 sqlite 与 postgresql）",
        f"unsupported database backend {backend!r}; use sqlite or postgresql",
    )


def check_connection(engine: Engine) -> None:
    """Connect once, turning an unreachable database into one clear error."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigurationError(
            f"无法连接数据库 {engine.url.render_as_string(hide_password=True)}：{reason}",
            f"cannot connect to {engine.url.render_as_string(hide_password=True)}: {reason}",
            hint_zh="请检查 ZHIFA_DATABASE_URL 以及数据库服务是否已启动",
        ) from None


def backend_name(engine: Engine) -> str:
    return engine.url.get_backend_name()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose transaction takes the write lock at once (SQLite ``BEGIN IMMEDIATE``),
    committed on success. Every writer uses this or a unit of work."""
    with factory() as session:
        session.connection(execution_options={WRITE: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

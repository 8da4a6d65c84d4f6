"""Ledger use cases: signing keys, checkpoints, entries and proofs for the public API."""

from __future__ import annotations

import base64
import contextlib
import os
import threading
import time
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.kernel.canonical import parse_json
from zhifa.kernel.clock import Clock
from zhifa.kernel.errors import ConfigurationError, InvalidInput, NotFound
from zhifa.kernel.events import event_class
from zhifa.ledger import merkle
from zhifa.ledger.note import Checkpoint, Signer, Verifier, generate_key
from zhifa.ledger.personal import is_commitment
from zhifa.ledger.store import DbHashReader, lock_state
from zhifa.ledger.tables import LedgerCheckpoint, LedgerEntry, LedgerState
from zhifa.settings import Settings
from zhifa.store.engine import write_session

# ----------------------------------------------------------------------------- keys


def key_name(origin: str) -> str:
    """The signed-note key name: the log's origin (no spaces or '+')."""
    return origin.replace(" ", "_").replace("+", "_")


def write_keypair(settings: Settings, *, overwrite: bool = False) -> tuple[Path, Path]:
    """Generate the checkpoint signing key; the private key goes to a 0600 file, never the DB."""
    private = settings.key_file
    public = private.with_suffix(".pub")
    if private.exists() and not overwrite:
        raise ConfigurationError(
            f"签名私钥已存在：{private}（如需更换密钥请加 --force，旧签名仍可用旧公钥验证）",
            f"signing key {private} exists; use --force to replace it",
        )
    skey, vkey = generate_key(key_name(settings.ledger_origin))
    private.parent.mkdir(parents=True, exist_ok=True)
    # Write both files under temporary names, then link the private key into place with
    # O_EXCL semantics: two processes starting at once never end up with different keys.
    tmp_private = private.with_name(f".{private.name}.{os.getpid()}")
    fd = os.open(tmp_private, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(skey + "\n")
    public.with_name(f".{public.name}.{os.getpid()}").write_text(vkey + "\n")
    try:
        if overwrite:
            if public.exists():  # keep the old public key: old checkpoints still verify
                old = Verifier(public.read_text().strip())
                os.replace(public, public.with_name(f"{public.name}.{old.key_id:08x}"))
            os.replace(tmp_private, private)
        else:
            os.link(tmp_private, private)  # fails if another process won the race
            os.unlink(tmp_private)
    except FileExistsError:
        os.unlink(tmp_private)
        os.unlink(public.with_name(f".{public.name}.{os.getpid()}"))
        raise
    os.replace(public.with_name(f".{public.name}.{os.getpid()}"), public)
    return private, public


def load_signer(settings: Settings, *, create: bool | None = None) -> Signer:
    """The checkpoint signer from the key file; in development a key is created on first use."""
    path = settings.key_file
    if not path.exists():
        if create is None:
            create = settings.mode != "production"
        if not create:
            raise ConfigurationError(
                f"找不到账本签名私钥 {path}：请先运行 zhifa ledger keygen",
                f"ledger signing key {path} not found; run `zhifa ledger keygen`",
            )
        # Another process may have created it a moment ago: then use that one.
        with contextlib.suppress(FileExistsError):
            write_keypair(settings)
    return Signer(path.read_text().strip())


def load_verifiers(settings: Settings) -> list[Verifier]:
    """The current public key and every retired one (``ledger.pub.<keyid>``), newest first."""
    pub = settings.key_file.with_suffix(".pub")
    current = (
        Verifier(pub.read_text().strip()) if pub.exists() else Verifier(load_signer(settings).vkey)
    )
    retired = [
        Verifier(p.read_text().strip())
        for p in sorted(pub.parent.glob(f"{pub.name}.*"))
        if not p.name.startswith(".")
    ]
    return [current, *retired]


# ----------------------------------------------------------------------------- checkpoints


def issue_checkpoint(session: Session, signer: Signer, clock: Clock) -> LedgerCheckpoint | None:
    """Sign the current tree head unless it is already signed. Runs in the caller's transaction,
    with the ledger state locked, so two processes never sign different heads for one size."""
    state = lock_state(session)
    if state.size == 0:
        return None
    existing = session.get(LedgerCheckpoint, state.size)
    if existing is not None:
        return existing
    alg = merkle.get_algorithm(state.algorithm)
    root = merkle.tree_hash(alg, state.size, DbHashReader(session))
    now = clock.now().replace(microsecond=0)
    issued = now.astimezone(UTC).isoformat().replace("+00:00", "Z")
    note = Checkpoint(
        origin=state.origin,
        size=state.size,
        root_hash=root,
        algorithm=state.algorithm,
        extra=(f"issued: {issued}",),
    ).sign(signer)
    row = LedgerCheckpoint(size=state.size, root_hash=root, note=note, issued_at=now)
    session.add(row)
    session.flush()
    return row


class Checkpointer:
    """Issues checkpoints after commits: at once if none was issued within the interval, else
    on the next ``flush`` (a background tick in the server, the end of a CLI command)."""

    def __init__(self, session_factory: Any, signer: Signer, clock: Clock, interval: float) -> None:
        self._factory = session_factory
        self._signer = signer
        self._clock = clock
        self._interval = interval
        self._last = 0.0
        self._pending = False
        self._lock = threading.Lock()

    def after_commit(self) -> None:
        with self._lock:
            if time.monotonic() - self._last >= self._interval:
                self._issue()
            else:
                self._pending = True

    def flush(self) -> None:
        with self._lock:
            if self._pending:
                self._issue()

    def _issue(self) -> None:
        with write_session(self._factory) as session:
            issue_checkpoint(session, self._signer, self._clock)
        self._last = time.monotonic()
        self._pending = False


def latest_checkpoint(session: Session) -> LedgerCheckpoint:
    row = session.scalars(
        select(LedgerCheckpoint).order_by(LedgerCheckpoint.size.desc()).limit(1)
    ).first()
    if row is None:
        raise NotFound("账本尚无签名树头", "no checkpoint has been issued yet")
    return row


# ----------------------------------------------------------------------------- proofs


def _state(session: Session) -> LedgerState:
    state = session.get(LedgerState, 1)
    if state is None:
        raise NotFound("账本尚未初始化", "ledger not initialised")
    return state


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _check_int(name: str, value: int, minimum: int) -> None:
    if value < minimum:
        raise InvalidInput(
            f"参数 {name} 须为不小于 {minimum} 的整数",
            f"{name} must be an integer >= {minimum}",
        )


def inclusion_proof(session: Session, index: int, size: int | None = None) -> dict[str, Any]:
    """``{"index", "size", "algorithm", "leaf_hash", "path"}``, hashes in base64, leaf to root."""
    state = _state(session)
    size = state.size if size is None else size
    _check_int("index", index, 0)
    _check_int("size", size, 1)
    if size > state.size:
        raise InvalidInput(
            f"树大小 {size} 超过账本当前规模 {state.size}",
            f"size {size} exceeds the log size {state.size}",
        )
    if index >= size:
        raise InvalidInput(
            f"序号 {index} 须小于树大小 {size}", f"index {index} must be < size {size}"
        )
    alg = merkle.get_algorithm(state.algorithm)
    path = merkle.prove_inclusion(alg, size, index, DbHashReader(session))
    leaf = session.get_one(LedgerEntry, index).leaf_hash
    return {
        "index": index,
        "size": size,
        "algorithm": state.algorithm,
        "leaf_hash": b64(leaf),
        "path": [b64(h) for h in path],
    }


def consistency_proof(session: Session, first: int, second: int) -> dict[str, Any]:
    state = _state(session)
    _check_int("first", first, 1)
    _check_int("second", second, 1)
    if first > second:
        raise InvalidInput(
            f"first（{first}）不得大于 second（{second}）", f"first {first} > second {second}"
        )
    if second > state.size:
        raise InvalidInput(
            f"树大小 {second} 超过账本当前规模 {state.size}",
            f"second {second} exceeds the log size {state.size}",
        )
    alg = merkle.get_algorithm(state.algorithm)
    path = merkle.prove_consistency(alg, first, second, DbHashReader(session))
    return {
        "first": first,
        "second": second,
        "algorithm": state.algorithm,
        "path": [b64(h) for h in path],
    }


def _public(value: Any) -> Any:
    """Commitments to personal values replaced by a marker."""
    if is_commitment(value):
        return {"protected": True}
    if isinstance(value, dict):
        return {k: _public(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_public(v) for v in value]
    return value


def public_entry(session: Session, index: int) -> dict[str, Any]:
    """An entry's public fields and its leaf hash.

    Only the fields its event type declares public are shown (``Event.PUBLIC``); the others
    are named under ``withheld``. Personal values never appear, only ``{"protected": true}``.
    The leaf hash is always given, so the entry's place in the log can be proved.
    """
    _check_int("index", index, 0)
    row = session.get(LedgerEntry, index)
    if row is None:
        raise NotFound(f"账本中没有序号为 {index} 的记录", f"no entry {index}")
    record = parse_json(row.body)
    try:
        public = set(event_class(record["type"], record["version"]).PUBLIC)
    except InvalidInput:
        public = set()
    data = record["data"]
    return {
        "index": index,
        "leaf_hash": b64(row.leaf_hash),
        "type": record["type"],
        "version": record["version"],
        "recorded_at": record["recorded_at"],
        "data": {k: _public(v) for k, v in data.items() if k in public},
        "withheld": sorted(k for k in data if k not in public),
    }

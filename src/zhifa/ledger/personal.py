"""Personal data beside the ledger: events carry salted commitments; clear values live here.

An event never holds a person's name, ID number, phone, address or bank account in clear.
It holds ``{"ref": …, "commitment": hex(SHA-256(salt ‖ subject ‖ 0 ‖ field ‖ 0 ‖ value))}``. The clear
value is kept in ``personal_values``, encrypted with AES-256-GCM under a key from settings,
together with its 16-byte random salt. Erasing a person's data on lawful request
(crypto-shredding) deletes the salt and the ciphertext: the ledger still verifies, and the
commitment alone reveals nothing (the salt makes even a short ID number unguessable).
``zhifa verify`` decrypts every remaining value and checks it against its commitment.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Boolean, LargeBinary, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhifa.kernel.errors import DomainError, InvalidInput, NotFound
from zhifa.kernel.events import Event
from zhifa.kernel.ids import new_id
from zhifa.store.base import Base, UtcDateTime


class PersonalValue(Base):
    """One protected personal value (encrypted), addressed by the ref its event carries."""

    __tablename__ = "personal_values"

    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str] = mapped_column(String(40))
    commitment: Mapped[str] = mapped_column(String(64))
    salt: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    nonce: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    erased: Mapped[bool] = mapped_column(Boolean, default=False)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class PersonalDataErased(DomainError):
    code = "personal_data_erased"
    http_status = 410


def commitment(salt: bytes, subject_id: str, field: str, value: str) -> str:
    """Binds the value to its subject and field, so no stored column can be moved unnoticed."""
    data = b"\x00".join((subject_id.encode(), field.encode(), value.encode("utf-8")))
    return hashlib.sha256(salt + data).hexdigest()


@dataclass(frozen=True)
class PiiCipher:
    """AES-256-GCM under the current key; older keys (by id) still decrypt during rotation."""

    current: bytes
    older: tuple[bytes, ...] = ()

    @staticmethod
    def key_id(key: bytes) -> str:
        return hashlib.sha256(b"zhifa-pii-key-id" + key).hexdigest()[:16]

    @classmethod
    def from_secret(cls, secret: str, older_secrets: tuple[str, ...] = ()) -> PiiCipher:
        def derive(s: str) -> bytes:
            return HKDF(
                algorithm=hashes.SHA256(), length=32, salt=None, info=b"zhifa pii v1"
            ).derive(s.encode("utf-8"))

        return cls(derive(secret), tuple(derive(s) for s in older_secrets))

    @functools.cached_property
    def _sealer(self) -> tuple[str, AESGCM]:
        """The current key's id and cipher object, made once (an import seals many values)."""
        return self.key_id(self.current), AESGCM(self.current)

    def encrypt(self, ref: str, value: str) -> tuple[str, bytes, bytes]:
        nonce = os.urandom(12)
        key_id, aead = self._sealer
        ct = aead.encrypt(nonce, value.encode("utf-8"), ref.encode())
        return key_id, nonce, ct

    def decrypt(self, ref: str, key_id: str, nonce: bytes, ciphertext: bytes) -> str:
        for key in (self.current, *self.older):
            if hmac.compare_digest(self.key_id(key), key_id):
                return AESGCM(key).decrypt(nonce, ciphertext, ref.encode()).decode("utf-8")
        raise DomainError(
            "个人信息密钥不可用：找不到加密该数据的密钥",
            f"no PII key with id {key_id} is configured",
        )


# The columns of a sealed value as ``seal`` returns them (``insert_sealed`` writes them).
SEALED_COLUMNS = (
    "ref",
    "subject_id",
    "field",
    "commitment",
    "salt",
    "key_id",
    "nonce",
    "ciphertext",
    "erased",
)
Sealed = tuple[str, str, str, str, bytes, str, bytes, bytes, bool]


def seal(
    cipher: PiiCipher, subject_id: str, field: str, value: str
) -> tuple[dict[str, str], Sealed]:
    """The commitment an event carries instead of ``value``, and the row that keeps the value
    encrypted (``protect`` adds it to the session; an import writes many at once)."""
    ref = new_id()
    salt = os.urandom(16)
    digest = commitment(salt, subject_id, field, value)
    key_id, nonce, ct = cipher.encrypt(ref, value)
    return {"ref": ref, "commitment": digest}, (
        ref,
        subject_id,
        field,
        digest,
        salt,
        key_id,
        nonce,
        ct,
        False,
    )


def protect(
    session: Session, cipher: PiiCipher, subject_id: str, field: str, value: str
) -> dict[str, str]:
    """Store ``value`` encrypted and return the commitment an event carries instead of it."""
    committed, row = seal(cipher, subject_id, field, value)
    session.add(PersonalValue(**dict(zip(SEALED_COLUMNS, row, strict=True))))
    return committed


def insert_sealed(session: Session, rows: list[Sealed]) -> None:
    """Write sealed values in the session's transaction with one executemany."""
    if rows:
        from zhifa.store.bulk import insert_rows

        insert_rows(session.connection(), PersonalValue.__tablename__, SEALED_COLUMNS, rows)


def reveal(session: Session, cipher: PiiCipher, ref: str) -> str:
    """The clear value behind ``ref``. Callers record the read (issue: access control)."""
    row = session.get(PersonalValue, ref)
    if row is None:
        raise NotFound("个人信息不存在", f"no personal value {ref}")
    if row.erased or row.ciphertext is None or row.nonce is None or row.key_id is None:
        raise PersonalDataErased("该个人信息已依法删除", f"personal value {ref} was erased")
    return cipher.decrypt(ref, row.key_id, row.nonce, row.ciphertext)


def is_commitment(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"ref", "commitment"}


@dataclass(frozen=True, kw_only=True)
class PersonalValueErased(Event):
    """A personal value was erased on lawful request (crypto-shredding); the ledger stays whole."""

    TYPE = "PersonalValueErased"
    SUBJECTS = ("subject_id",)
    ref: str
    subject_id: str
    field: str
    reason: str
    basis: str


def erase(
    session: Session, subject_id: str, *, reason: str, basis: str, actor: str, at: datetime
) -> list[PersonalValueErased]:
    """Shred every personal value of ``subject_id``; returns the events to record.

    Deletes the salt, nonce and ciphertext: the commitment in the ledger can then never be
    opened again. The caller records the returned events in the same unit of work.
    """
    if not reason.strip() or not basis.strip():
        raise InvalidInput(
            "删除个人信息须写明理由和法律依据（如《个人信息保护法》第四十七条）",
            "erasure needs a reason and a legal basis",
        )
    rows = [
        r
        for r in session.query(PersonalValue).filter(PersonalValue.subject_id == subject_id)
        if not r.erased
    ]
    events = []
    for row in rows:
        row.salt = row.nonce = row.ciphertext = row.key_id = None
        row.erased = True
        row.erased_at = at
        events.append(
            PersonalValueErased(
                actor=actor,
                occurred_at=at,
                ref=row.ref,
                subject_id=subject_id,
                field=row.field,
                reason=reason,
                basis=basis,
            )
        )
    return events

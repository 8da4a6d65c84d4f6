"""C2SP signed notes with Ed25519 keys, and the tlog checkpoint body they carry.

Formats (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint):

* **Note**: ``text`` (non-empty, ending in a newline, valid UTF-8, no control characters
  but newline), a blank line, then one or more signature lines
  ``— <key name> <base64(key ID (4 bytes, big-endian) || signature)>\\n``, the dash
  being the em dash U+2014 followed by a space. The text is separated from the
  signatures by the *last* blank line.
* **Key ID**: ``SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]``,
  ``0x01`` being the Ed25519 signature type.
* **Verifier key** (public, shared with anyone who checks checkpoints)::

      <name>+<key ID as 8 lowercase hex digits>+<base64(0x01 || public key)>

* **Signer key** (secret; keep it out of the database and the repository)::

      PRIVATE+KEY+<name>+<key ID as 8 lowercase hex digits>+<base64(0x01 || 32-byte seed)>

  Both are the formats of Go's ``golang.org/x/mod/sumdb/note``, so Go tooling reads them.
  Key names are non-empty and contain no Unicode space and no ``+``.
* **Checkpoint body**::

      <origin>\\n
      <tree size in decimal, no leading zeros>\\n
      <base64(root hash)>\\n
      hash: <sha256|sm3>\\n
      <further extension lines>\\n…

  The log's hash algorithm is stated in the first extension line, ``hash: sha256`` or
  ``hash: sm3``, and zhifa always writes it. C2SP calls extension lines optional and
  NOT RECOMMENDED because monitors cannot audit them, but a verifier must never guess
  the hash: an SM3 root checked with SHA-256 would simply fail, and an unstated choice
  would invite exactly that. The line is inside the Ed25519-signed text, so it cannot
  be altered without breaking the signature. A body without a ``hash:`` line is read as
  SHA-256, RFC 6962's hash, so plain checkpoints of other logs still parse.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from zhifa.kernel.errors import DomainError
from zhifa.ledger.merkle import ALGORITHM_NAMES

__all__ = [
    "ED25519",
    "Checkpoint",
    "NoteError",
    "Signer",
    "Verifier",
    "generate_key",
    "key_id",
    "open_checkpoint",
    "open_note",
    "sign_note",
]

#: The signed-note signature type byte for Ed25519.
ED25519 = 0x01

_SIG_PREFIX = "\u2014 "  # em dash, space
_PRIVATE_PREFIX = "PRIVATE+KEY+"
_ED25519_SIG_SIZE = 64
_ED25519_KEY_SIZE = 32
#: More than C2SP's minimum of 16; a zhifa checkpoint carries the log's and witnesses'.
MAX_SIGNATURES = 100
_DIGEST_SIZES = {"sha256": 32, "sm3": 32}
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_SIZE = re.compile(r"0|[1-9][0-9]*")
_HASH_LINE = re.compile(r"hash: (\S+)")


@dataclass
class NoteError(DomainError):
    """A signed note or checkpoint that cannot be trusted, saying which check failed.

    ``check`` is one of ``malformed_note``, ``unknown_key``, ``bad_signature``,
    ``malformed_body`` and ``malformed_key``.
    """

    check: str = "malformed_note"

    code = "note_error"
    http_status = 422


def _malformed_note(why_zh: str, why_en: str) -> NoteError:
    return NoteError(
        message_zh=f"签名文书格式错误：{why_zh}",
        message_en=f"malformed note: {why_en}",
        check="malformed_note",
    )


def _malformed_body(why_zh: str, why_en: str) -> NoteError:
    return NoteError(
        message_zh=f"检查点正文格式错误：{why_zh}",
        message_en=f"malformed checkpoint body: {why_en}",
        check="malformed_body",
    )


def _malformed_key(why_zh: str, why_en: str) -> NoteError:
    return NoteError(
        message_zh=f"密钥格式错误：{why_zh}",
        message_en=f"malformed key: {why_en}",
        check="malformed_key",
    )


def _valid_name(name: str) -> bool:
    return bool(name) and "+" not in name and not any(c.isspace() for c in name)


def _b64decode(text: str) -> bytes | None:
    """Strict standard base64 (RFC 4648 §4), or None."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    # Refuse non-canonical encodings (stray bits in the padding), so one value has
    # one text.
    if base64.b64encode(raw).decode("ascii") != text:
        return None
    return raw


def key_id(name: str, public_key: bytes) -> int:
    """``SHA-256(name || 0x0A || 0x01 || public_key)[:4]`` as a big-endian uint32."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_key)
    return int.from_bytes(digest.digest()[:4], "big")


def _vkey_text(name: str, public_key: bytes) -> str:
    encoded = base64.b64encode(bytes([ED25519]) + public_key).decode("ascii")
    return f"{name}+{key_id(name, public_key):08x}+{encoded}"


def _parse_key(text: str, *, private: bool) -> tuple[str, int, bytes]:
    """``(name, key ID, 32-byte key)`` from a signer or verifier key text."""
    kind_zh, kind_en = ("签名私钥", "signer key") if private else ("验证公钥", "verifier key")
    if private:
        if not text.startswith(_PRIVATE_PREFIX):
            raise _malformed_key(
                f"{kind_zh}应以 {_PRIVATE_PREFIX} 开头。",
                f"{kind_en} must start with {_PRIVATE_PREFIX}",
            )
        text = text[len(_PRIVATE_PREFIX) :]
    # The base64 part may itself contain "+", so split off only name and key ID.
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise _malformed_key(
            f"{kind_zh}应为“名称+八位十六进制密钥标识+base64”三段。",
            f"{kind_en} must be name+hexkeyid+base64",
        )
    name, hex_id, encoded = parts
    if not _valid_name(name):
        raise _malformed_key(
            f"密钥名称“{name}”无效（不得为空，不得含空白或“+”）。",
            f"invalid key name {name!r} (must be non-empty, no spaces, no '+')",
        )
    if not re.fullmatch(r"[0-9a-f]{8}", hex_id):
        raise _malformed_key(
            "密钥标识应为八位小写十六进制数。", f"key id {hex_id!r} is not 8 lowercase hex digits"
        )
    raw = _b64decode(encoded)
    if raw is None or len(raw) != 1 + _ED25519_KEY_SIZE or raw[0] != ED25519:
        raise _malformed_key(
            f"{kind_zh}内容应为 base64(0x01 || 32 字节 Ed25519 密钥)。",
            f"{kind_en} must hold base64(0x01 || 32-byte Ed25519 key)",
        )
    return name, int(hex_id, 16), raw[1:]


class Signer:
    """Signs note text with an Ed25519 key read from its ``PRIVATE+KEY+…`` text."""

    def __init__(self, skey: str) -> None:
        name, kid, seed = _parse_key(skey, private=True)
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        public = self._key.public_key().public_bytes_raw()
        if key_id(name, public) != kid:
            raise _malformed_key(
                "签名私钥中的密钥标识与密钥不符。",
                "signer key id does not match the key",
            )
        self.name = name
        self.key_id = kid
        self.vkey = _vkey_text(name, public)
        """The matching verifier key text, to publish."""

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature (RFC 8032) over ``message``."""
        return self._key.sign(message)

    def __repr__(self) -> str:
        return f"Signer({self.name!r}, key_id={self.key_id:08x})"


class Verifier:
    """Checks Ed25519 note signatures for the key in a ``name+hexid+base64`` text."""

    def __init__(self, vkey: str) -> None:
        name, kid, public = _parse_key(vkey, private=False)
        if key_id(name, public) != kid:
            raise _malformed_key(
                "验证公钥中的密钥标识与公钥不符。",
                "verifier key id does not match the key",
            )
        try:
            self._key = Ed25519PublicKey.from_public_bytes(public)
        except ValueError:
            raise _malformed_key("不是有效的 Ed25519 公钥。", "not an Ed25519 public key") from None
        self.name = name
        self.key_id = kid

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature over ``message``."""
        if len(signature) != _ED25519_SIG_SIZE:
            return False
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"Verifier({self.name!r}, key_id={self.key_id:08x})"


def generate_key(name: str) -> tuple[str, str]:
    """A new Ed25519 key named ``name``: ``(signer key text, verifier key text)``."""
    if not _valid_name(name):
        raise _malformed_key(
            f"密钥名称“{name}”无效（不得为空，不得含空白或“+”）。",
            f"invalid key name {name!r} (must be non-empty, no spaces, no '+')",
        )
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes_raw()
    public = key.public_key().public_bytes_raw()
    encoded = base64.b64encode(bytes([ED25519]) + seed).decode("ascii")
    skey = f"{_PRIVATE_PREFIX}{name}+{key_id(name, public):08x}+{encoded}"
    return skey, _vkey_text(name, public)


def _check_text(text: str, what_zh: str, what_en: str) -> None:
    if _CONTROL.search(text):
        raise _malformed_note(
            f"{what_zh}含有换行以外的控制字符。",
            f"{what_en} contains control characters other than newline",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        raise _malformed_note(
            f"{what_zh}不是有效的 UTF-8。", f"{what_en} is not valid UTF-8"
        ) from None


def sign_note(body: str, *signers: Signer) -> str:
    """The signed note: ``body``, a blank line, and one signature line per signer.

    ``body`` must be non-empty, end in a newline and contain no control character but
    newline (C2SP signed-note, "Format").
    """
    if not signers:
        raise _malformed_note("至少需要一个签名密钥。", "at least one signer is required")
    if not body or not body.endswith("\n"):
        raise _malformed_note(
            "正文不得为空且须以换行结尾。", "text must be non-empty and end in newline"
        )
    _check_text(body, "正文", "text")
    message = body.encode("utf-8")
    lines = []
    for signer in signers:
        sig = signer.key_id.to_bytes(4, "big") + signer.sign(message)
        lines.append(f"{_SIG_PREFIX}{signer.name} {base64.b64encode(sig).decode('ascii')}\n")
    return body + "\n" + "".join(lines)


def open_note(text: str, verifiers: Iterable[Verifier]) -> tuple[str, list[str]]:
    """Check a signed note; return ``(text, names of the keys whose signatures verified)``.

    Follows C2SP signed-note, "Signatures": signatures from unknown keys (name and key ID
    not both matching a known key) are ignored; a signature from a known key that fails
    rejects the whole note (``check="bad_signature"``); a note with no verified signature
    from a known key is rejected (``check="unknown_key"``). A malformed note raises with
    ``check="malformed_note"``.
    """
    if not text.endswith("\n"):
        raise _malformed_note("须以换行结尾。", "note must end in newline")
    _check_text(text, "文书", "note")
    split = text.rfind("\n\n")
    if split < 0:
        raise _malformed_note(
            "缺少正文与签名之间的空行。", "no blank line between text and signatures"
        )
    body = text[: split + 1]
    signatures = text[split + 2 :]
    if not signatures:
        raise _malformed_note("没有签名行。", "no signature lines")
    # Not str.splitlines: only U+000A ends a line here.
    sig_lines = signatures[:-1].split("\n")
    if len(sig_lines) > MAX_SIGNATURES:
        raise _malformed_note(
            f"签名行超过 {MAX_SIGNATURES} 行。", f"more than {MAX_SIGNATURES} signatures"
        )
    known = {(v.name, v.key_id): v for v in verifiers}
    message = body.encode("utf-8")
    verified: list[str] = []
    for number, line in enumerate(sig_lines, start=1):
        if not line.startswith(_SIG_PREFIX):
            raise _malformed_note(
                f"第 {number} 个签名行不以“— ”开头。",
                f"signature line {number} does not start with an em dash and a space",
            )
        name, sep, encoded = line[len(_SIG_PREFIX) :].partition(" ")
        raw = _b64decode(encoded) if sep else None
        if not _valid_name(name) or raw is None or len(raw) < 5:
            raise _malformed_note(
                f"第 {number} 个签名行应为“— 密钥名称 base64(密钥标识||签名)”。",
                f"signature line {number} is not '— <name> <base64(keyid || signature)>'",
            )
        verifier = known.get((name, int.from_bytes(raw[:4], "big")))
        if verifier is None:
            continue
        if not verifier.verify(message, raw[4:]):
            raise NoteError(
                message_zh=f"密钥“{name}”的签名验证失败，文书可能已被篡改。",
                message_en=f"bad signature: the signature by known key {name!r} does not "
                "verify; the note was altered or signed with another key",
                check="bad_signature",
            )
        if name not in verified:
            verified.append(name)
    if not verified:
        raise NoteError(
            message_zh="文书没有任何受信任密钥的签名。",
            message_en="unknown key: no signature from a known key; the note cannot be trusted",
            check="unknown_key",
        )
    return body, verified


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the log's origin, its size, its root hash and hash algorithm.

    ``extra`` holds extension lines after the ``hash:`` line (C2SP tlog-checkpoint);
    zhifa writes none. See the module docstring for the layout.
    """

    origin: str
    size: int
    root_hash: bytes
    algorithm: str = "sha256"
    extra: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.origin or _CONTROL.search(self.origin) or "\n" in self.origin:
            raise _malformed_body(
                "来源行不得为空或含控制字符。", "origin must be one non-empty line"
            )
        if self.size < 0:
            raise _malformed_body("树大小不得为负数。", "tree size must not be negative")
        if self.algorithm not in ALGORITHM_NAMES:
            raise _malformed_body(
                f"未知的杂凑算法“{self.algorithm}”。", f"unknown hash algorithm {self.algorithm!r}"
            )
        if len(self.root_hash) != _DIGEST_SIZES[self.algorithm]:
            raise _malformed_body(
                f"根哈希长度应为 {_DIGEST_SIZES[self.algorithm]} 字节。",
                f"root hash must be {_DIGEST_SIZES[self.algorithm]} bytes for {self.algorithm}",
            )
        for line in self.extra:
            if not line or "\n" in line or _CONTROL.search(line):
                raise _malformed_body(
                    "扩展行不得为空或含控制字符。", "extension lines must be single non-empty lines"
                )

    def body(self) -> str:
        """The note text: origin, size, base64 root, ``hash: <alg>``, extension lines."""
        lines = [
            self.origin,
            str(self.size),
            base64.b64encode(self.root_hash).decode("ascii"),
            f"hash: {self.algorithm}",
            *self.extra,
        ]
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Read a checkpoint body (the text of a verified note).

        Raises :class:`NoteError` with ``check="malformed_body"`` saying what is wrong.
        """
        if not body.endswith("\n"):
            raise _malformed_body("须以换行结尾。", "body must end in newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise _malformed_body(
                "至少需要来源、树大小、根哈希三行。", "need at least origin, size and root lines"
            )
        origin, size_text, root_text, *rest = lines
        if not _SIZE.fullmatch(size_text):
            raise _malformed_body(
                f"树大小“{size_text}”应为无前导零的十进制数。",
                f"tree size {size_text!r} is not a decimal number without leading zeros",
            )
        root = _b64decode(root_text)
        if root is None:
            raise _malformed_body("根哈希不是标准 base64。", "root hash is not standard base64")
        algorithm = "sha256"
        if rest and rest[0].startswith("hash:"):
            match = _HASH_LINE.fullmatch(rest[0])
            if match is None or match.group(1) not in ALGORITHM_NAMES:
                raise _malformed_body(
                    f"杂凑算法行“{rest[0]}”无效，应为 hash: sha256 或 hash: sm3。",
                    f"hash line {rest[0]!r} must be 'hash: sha256' or 'hash: sm3'",
                )
            algorithm = match.group(1)
            rest = rest[1:]
        return cls(
            origin=origin,
            size=int(size_text),
            root_hash=root,
            algorithm=algorithm,
            extra=tuple(rest),
        )

    def sign(self, *signers: Signer) -> str:
        """This checkpoint as a signed note."""
        return sign_note(self.body(), *signers)


def open_checkpoint(text: str, verifiers: Iterable[Verifier]) -> tuple[Checkpoint, list[str]]:
    """:func:`open_note` then :meth:`Checkpoint.parse`: ``(checkpoint, verified key names)``."""
    body, names = open_note(text, verifiers)
    return Checkpoint.parse(body), names

"""Is a ledger entry inside the latest signed checkpoint? The check public pages show.

Used by 文书核验 (``/verify/document/{id}``) and by the public decisions
(``/public/decisions/{id}``): the entry's leaf hash is recomputed from its bytes, the
entry's content is compared with what the page shows, the latest checkpoint's signature is
checked with the node's public keys, and an RFC 9162 inclusion proof is verified against
the checkpoint's root hash.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from zhifa.kernel.canonical import parse_json
from zhifa.kernel.errors import NotFound
from zhifa.ledger import merkle
from zhifa.ledger.note import NoteError, open_checkpoint
from zhifa.ledger.services import inclusion_proof, latest_checkpoint, load_verifiers
from zhifa.ledger.tables import LedgerEntry, LedgerState
from zhifa.settings import Settings


def check_entry(
    session: Session,
    settings: Settings,
    index: int,
    matches: Callable[[dict[str, Any]], bool],
) -> dict[str, Any]:
    """The proof status of entry ``index``. ``matches(data)`` says whether the entry's
    payload is what the page shows (``content_ok``).

    ``status``: ``verified`` (included in a correctly signed checkpoint and the content
    matches), ``pending`` (recorded after the latest checkpoint, or none yet) or ``failed``.
    """
    entry = session.get_one(LedgerEntry, index)
    state = session.get_one(LedgerState, 1)
    alg = merkle.get_algorithm(state.algorithm)
    record = parse_json(entry.body)
    facts: dict[str, Any] = {
        "leaf_ok": merkle.leaf_hash(alg, entry.body) == entry.leaf_hash,
        "content_ok": bool(matches(record["data"])),
    }
    try:
        cp = latest_checkpoint(session)
    except NotFound:
        return {**facts, "status": "pending", "index": index}
    try:
        opened, _names = open_checkpoint(cp.note, load_verifiers(settings))
        signed = opened.size == cp.size and opened.root_hash == cp.root_hash
    except NoteError:
        signed = False
    if index >= cp.size:
        return {**facts, "status": "pending", "index": index, "size": cp.size, "signed": signed}
    proof = inclusion_proof(session, index, cp.size)
    path = [base64.b64decode(h) for h in proof["path"]]
    included = merkle.verify_inclusion(
        alg, index, cp.size, merkle.leaf_hash(alg, entry.body), path, cp.root_hash
    )
    ok = included and signed and facts["leaf_ok"] and facts["content_ok"]
    return {
        **facts,
        "status": "verified" if ok else "failed",
        "index": index,
        "size": cp.size,
        "signed": signed,
        "included": included,
        "issued_at": cp.issued_at,
        "algorithm": state.algorithm,
    }

"""The public ledger API, checked the way a third party would: with RFC 9162 and nothing else."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from zhifa.app_context import Context
from zhifa.demo import load_demo
from zhifa.ledger.services import load_verifiers, write_keypair
from zhifa.ledger.verify import verify_all
from zhifa.store.engine import write_session
from zhifa.web.app import create_app

# --- an independent RFC 9162 §2.1.3.2 verifier, written from the RFC for this test only ----


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def rfc9162_root_from_inclusion(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ValueError("path too long")
        if fn % 2 == 1 or fn == sn:
            r = _h(b"\x01" + p + r)
            while fn % 2 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = _h(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("path too short")
    return r


def rfc9162_consistent(first: int, second: int, r1: bytes, r2: bytes, path: list[bytes]) -> bool:
    if first == second:
        return r1 == r2 and not path
    if first & (first - 1) == 0:  # a power of two: the first root is the proof's first node
        path = [r1, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = _h(b"\x01" + c + fr)
            sr = _h(b"\x01" + c + sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = _h(b"\x01" + sr + c)
        fn >>= 1
        sn >>= 1
    return fr == r1 and sr == r2 and sn == 0


@pytest.fixture
def client(ctx: Context) -> TestClient:
    load_demo(ctx)
    with write_session(ctx.session_factory) as s:
        from zhifa.ledger.services import issue_checkpoint, load_signer

        issue_checkpoint(s, load_signer(ctx.settings), ctx.clock)
    return TestClient(create_app(ctx))


def _checkpoint(client: TestClient) -> tuple[int, bytes, str]:
    r = client.get("/api/ledger/checkpoint")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    lines = r.text.split("\n")
    origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2])
    assert lines[lines.index("") + 1].startswith("— ")  # blank line, then signature lines
    return size, root, origin


def test_third_party_checks_every_entry(client: TestClient) -> None:
    size, root, origin = _checkpoint(client)
    assert origin
    for index in range(size):
        entry = client.get(f"/api/ledger/entries/{index}").json()
        proof = client.get(f"/api/ledger/proof/inclusion?index={index}&size={size}").json()
        assert proof["algorithm"] == "sha256"
        assert proof["leaf_hash"] == entry["leaf_hash"]
        leaf = base64.b64decode(entry["leaf_hash"])
        path = [base64.b64decode(h) for h in proof["path"]]
        assert rfc9162_root_from_inclusion(index, size, leaf, path) == root
        # The same path under a wrong index must not verify.
        if size > 1:
            try:
                forged = rfc9162_root_from_inclusion((index + 1) % size, size, leaf, path)
            except ValueError:
                forged = b""
            assert forged != root


def test_consistency_between_sizes(client: TestClient, ctx: Context) -> None:
    size, root, _ = _checkpoint(client)
    for first in (1, 2, 3, 7, 8, size // 2, size - 1, size):
        proof = client.get(f"/api/ledger/proof/consistency?first={first}&second={size}").json()
        first_root = rfc9162_root_of_prefix(client, first)
        path = [base64.b64decode(h) for h in proof["path"]]
        assert rfc9162_consistent(first, size, first_root, root, path)
        assert not rfc9162_consistent(first, size, first_root, _h(b"x"), path)


def rfc9162_root_of_prefix(client: TestClient, n: int) -> bytes:
    leaves = [
        base64.b64decode(client.get(f"/api/ledger/entries/{i}").json()["leaf_hash"])
        for i in range(n)
    ]

    def mth(hs: list[bytes]) -> bytes:
        if len(hs) == 1:
            return hs[0]
        k = 1
        while k * 2 < len(hs):
            k *= 2
        return _h(b"\x01" + mth(hs[:k]) + mth(hs[k:]))

    return mth(leaves)


def test_entries_show_only_public_fields(client: TestClient) -> None:
    size, _, _ = _checkpoint(client)
    types: dict[str, dict[str, object]] = {}
    for index in range(size):
        body = client.get(f"/api/ledger/entries/{index}").json()
        text = json.dumps(body, ensure_ascii=False)
        assert "commitment" not in text
        assert '"ref"' not in text
        assert "actor" not in body
        types.setdefault(body["type"], body)
    # A party's registration is not public: only its type and leaf hash are.
    party = types["PartyRegistered"]
    assert party["data"] == {}
    assert "name" in party["withheld"]
    assert "id_number" in party["withheld"]
    # An officer's name and body are public (事前公示); the ID number is withheld.
    officer = types["OfficerRegistered"]
    assert officer["data"]["name"].startswith("示例")
    assert "id_number" in officer["withheld"]
    # The reason for a suspension is withheld; the status is public.
    status = types["CredentialStatusChanged"]
    assert status["data"]["status"] == "suspended"
    assert status["withheld"] == ["reason"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/ledger/proof/inclusion?index=-1",
        "/api/ledger/proof/inclusion?index=abc",
        "/api/ledger/proof/inclusion?index=5&size=5",
        "/api/ledger/proof/inclusion?index=1&size=999999",
        "/api/ledger/proof/consistency?first=5&second=3",
        "/api/ledger/proof/consistency?first=0&second=3",
        "/api/ledger/proof/consistency?first=1.5&second=3",
        "/api/ledger/entries/-3",
    ],
)
def test_malformed_proof_requests_are_400(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400, r.text
    msg = r.json()["error"]["message"]
    assert msg
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg)  # said in Chinese


def test_unknown_entry_is_404(client: TestClient) -> None:
    assert client.get("/api/ledger/entries/999999").status_code == 404


def _cli(*args: str, ctx: Context) -> subprocess.CompletedProcess[str]:
    env = {
        "ZHIFA_DATA_DIR": str(ctx.settings.data_dir),
        "ZHIFA_DATABASE_URL": ctx.settings.effective_database_url,
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "zhifa.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_prove_and_verify_offline(client: TestClient, ctx: Context, tmp_path: Path) -> None:
    proof = tmp_path / "proof.json"
    r = _cli("ledger", "prove", "--index", "3", "--output", str(proof), ctx=ctx)
    assert r.returncode == 0, r.stderr
    pub = ctx.settings.key_file.with_suffix(".pub")
    ok = _cli("ledger", "verify-proof", str(proof), "--key", str(pub), ctx=ctx)
    assert ok.returncode == 0, ok.stderr
    assert "包含性证明有效" in ok.stdout

    # A wrong key: exit 1, saying the checkpoint check failed.
    other = tmp_path / "other.pub"
    from zhifa.ledger.note import generate_key

    other.write_text(generate_key("zhifa.example/ledger")[1])
    bad_key = _cli("ledger", "verify-proof", str(proof), "--key", str(other), ctx=ctx)
    assert bad_key.returncode == 1
    assert "签名树头验证失败" in bad_key.stderr

    # A corrupted checkpoint: exit 1.
    bundle = json.loads(proof.read_text())
    lines = bundle["checkpoint"].split("\n")
    lines[1] = str(int(lines[1]) + 1)
    bundle["checkpoint"] = "\n".join(lines)
    proof.write_text(json.dumps(bundle))
    corrupt = _cli("ledger", "verify-proof", str(proof), "--key", str(pub), ctx=ctx)
    assert corrupt.returncode == 1
    assert "签名树头验证失败" in corrupt.stderr

    # A forged path: exit 1 naming the inclusion check.
    bundle = json.loads((tmp_path / "proof.json").read_text())
    r = _cli("ledger", "prove", "--index", "3", "--output", str(proof), ctx=ctx)
    bundle = json.loads(proof.read_text())
    bundle["path"][0] = base64.b64encode(b"\x00" * 32).decode()
    proof.write_text(json.dumps(bundle))
    forged = _cli("ledger", "verify-proof", str(proof), "--key", str(pub), ctx=ctx)
    assert forged.returncode == 1
    assert "包含性证明验证失败" in forged.stderr


def test_key_rotation_keeps_old_checkpoints_verifiable(client: TestClient, ctx: Context) -> None:
    write_keypair(ctx.settings, overwrite=True)
    with ctx.read() as s:
        report = verify_all(s, load_verifiers(ctx.settings), ctx.pii, ctx.settings.blob_dir)
    assert report.ok, [p.line() for p in report.problems]
    assert len(load_verifiers(ctx.settings)) == 2


def test_sm3_ledger(tmp_path: Path) -> None:
    from zhifa.app_context import build_context, initialise
    from zhifa.settings import Settings

    settings = Settings(
        mode="test",
        data_dir=tmp_path / "d",
        database_url=f"sqlite:///{tmp_path / 'sm3.db'}",
        ledger_algorithm="sm3",
    )
    sm3 = build_context(settings)
    initialise(sm3)
    load_demo(sm3)
    sm3.checkpointer.flush()
    c = TestClient(create_app(sm3))
    note = c.get("/api/ledger/checkpoint").text
    assert "hash: sm3" in note
    proof = c.get("/api/ledger/proof/inclusion?index=0").json()
    assert proof["algorithm"] == "sm3"
    with sm3.read() as s:
        assert verify_all(s, load_verifiers(sm3.settings), sm3.pii, sm3.settings.blob_dir).ok

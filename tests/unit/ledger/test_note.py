"""C2SP signed notes and tlog checkpoints (zhifa.ledger.note)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from zhifa.kernel.errors import DomainError
from zhifa.ledger.note import (
    Checkpoint,
    NoteError,
    Signer,
    Verifier,
    generate_key,
    key_id,
    open_checkpoint,
    open_note,
    sign_note,
)

# The example key and note of Go's golang.org/x/mod/sumdb/note (note_test.go): an
# independent implementation of the same format, byte for byte.
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_SIG = (
    "— PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)

ORIGIN = "zhifa.example/province-33/ledger"
ROOT = bytes.fromhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")


@pytest.fixture(scope="module")
def keys() -> tuple[Signer, Verifier]:
    skey, vkey = generate_key(ORIGIN)
    return Signer(skey), Verifier(vkey)


def checks(err: pytest.ExceptionInfo[NoteError]) -> str:
    return err.value.check


# --- keys --------------------------------------------------------------------------------


def test_go_reference_key_and_signature() -> None:
    signer = Signer(GO_SKEY)
    assert signer.vkey == GO_VKEY
    assert signer.key_id == 0xC74F20A3
    note = sign_note(GO_TEXT, signer)
    assert note == GO_TEXT + "\n" + GO_SIG
    assert open_note(note, [Verifier(GO_VKEY)]) == (GO_TEXT, ["PeterNeumann"])


def test_key_id_is_sha256_of_name_newline_type_and_key() -> None:
    public = base64.b64decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")[1:]
    by_hand = hashlib.sha256(b"PeterNeumann\n\x01" + public).digest()[:4]
    assert by_hand.hex() == "c74f20a3"
    assert key_id("PeterNeumann", public) == 0xC74F20A3
    assert key_id("PeterNeumann2", public) != 0xC74F20A3


def test_generated_keys_have_the_documented_layout() -> None:
    skey, vkey = generate_key("zhifa.example/k1")
    name, hex_id, encoded = vkey.split("+", 2)
    assert name == "zhifa.example/k1"
    assert len(hex_id) == 8
    raw = base64.b64decode(encoded)
    assert raw[0] == 0x01
    assert len(raw) == 33
    assert skey.startswith(f"PRIVATE+KEY+zhifa.example/k1+{hex_id}+")
    assert Signer(skey).vkey == vkey
    assert Verifier(vkey).key_id == int(hex_id, 16)


@pytest.mark.parametrize(
    "vkey",
    [
        "",
        "PeterNeumann+c74f20a3",
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong id
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # upper hex
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # space
        "PeterNeumann+c74f20a3+AhpcZQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # type 2
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",  # short
    ],
)
def test_malformed_verifier_keys_are_refused(vkey: str) -> None:
    with pytest.raises(NoteError) as err:
        Verifier(vkey)
    assert checks(err) == "malformed_key"


def test_a_verifier_key_is_not_a_signer_key() -> None:
    with pytest.raises(NoteError, match="PRIVATE"):
        Signer(GO_VKEY)
    with pytest.raises(NoteError):
        generate_key("bad+name")


# --- notes -------------------------------------------------------------------------------


def test_round_trip_with_several_signers(keys: tuple[Signer, Verifier]) -> None:
    signer, verifier = keys
    witness_skey, witness_vkey = generate_key("witness.example/w1")
    note = sign_note("hello\n\nworld\n", signer, Signer(witness_skey))
    body, names = open_note(note, [verifier, Verifier(witness_vkey)])
    assert body == "hello\n\nworld\n"
    assert names == [ORIGIN, "witness.example/w1"]
    # Unknown signatures are ignored, not fatal (C2SP signed-note, "Signatures").
    assert open_note(note, [verifier]) == ("hello\n\nworld\n", [ORIGIN])


def test_wrong_key_is_unknown(keys: tuple[Signer, Verifier]) -> None:
    signer, _ = keys
    note = sign_note("text\n", signer)
    # Same name, other key: the key ID differs, so the signature is simply not ours.
    _, other_vkey = generate_key(ORIGIN)
    with pytest.raises(NoteError) as err:
        open_note(note, [Verifier(other_vkey)])
    assert checks(err) == "unknown_key"
    assert "no signature from a known key" in err.value.message_en
    assert "受信任密钥" in err.value.message_zh
    with pytest.raises(NoteError) as err:
        open_note(note, [])
    assert checks(err) == "unknown_key"


def test_altered_text_is_a_bad_signature(keys: tuple[Signer, Verifier]) -> None:
    signer, verifier = keys
    note = sign_note("size 5\n", signer)
    with pytest.raises(NoteError) as err:
        open_note(note.replace("size 5", "size 6"), [verifier])
    assert checks(err) == "bad_signature"
    assert ORIGIN in err.value.message_en


def test_truncated_signature(keys: tuple[Signer, Verifier]) -> None:
    signer, verifier = keys
    note = sign_note("text\n", signer)
    sig_line = note.partition("\n\n")[2]
    encoded = sig_line.rstrip("\n").rsplit(" ", 1)[1]
    # Four base64 characters fewer: still base64, but three signature bytes short.
    shorter = note.replace(encoded, encoded[:-4])
    with pytest.raises(NoteError) as err:
        open_note(shorter, [verifier])
    assert checks(err) == "bad_signature"
    # One character fewer: not base64 at all.
    with pytest.raises(NoteError) as err:
        open_note(note.replace(encoded, encoded[:-1]), [verifier])
    assert checks(err) == "malformed_note"
    # Cut off after the key ID.
    with pytest.raises(NoteError) as err:
        open_note(note.replace(encoded, encoded[:4]), [verifier])
    assert checks(err) == "malformed_note"


@pytest.mark.parametrize(
    "text",
    [
        GO_TEXT + GO_SIG,  # no blank line
        GO_TEXT + "\n",  # no signature lines
        GO_TEXT + "\n" + GO_SIG.rstrip("\n"),  # no final newline
        GO_TEXT + "\n" + GO_SIG.replace("— ", "-- "),  # not an em dash
        GO_TEXT + "\n" + GO_SIG.replace("PeterNeumann ", "PeterNeumann"),  # no space
        GO_TEXT.replace("problem,", "problem,\r") + "\n" + GO_SIG,  # control character
        GO_TEXT + "\n" + GO_SIG + GO_SIG.replace("— ", "—"),
    ],
)
def test_malformed_notes(text: str) -> None:
    with pytest.raises(NoteError) as err:
        open_note(text, [Verifier(GO_VKEY)])
    assert checks(err) == "malformed_note"
    assert err.value.message_en.startswith("malformed note")


def test_repeated_signature_counts_once() -> None:
    note = GO_TEXT + "\n" + GO_SIG + GO_SIG
    assert open_note(note, [Verifier(GO_VKEY)]) == (GO_TEXT, ["PeterNeumann"])


def test_sign_refuses_bad_text(keys: tuple[Signer, Verifier]) -> None:
    signer, _ = keys
    for text in ("", "no newline", "tab\there\n"):
        with pytest.raises(NoteError):
            sign_note(text, signer)
    with pytest.raises(NoteError):
        sign_note("text\n")


def test_note_error_is_a_domain_error() -> None:
    err = NoteError(message_zh="错误", message_en="x", check="bad_signature")
    assert isinstance(err, DomainError)
    assert err.diagnostics()["code"] == "note_error"


# --- checkpoints -------------------------------------------------------------------------


def test_checkpoint_body_layout() -> None:
    cp = Checkpoint(origin=ORIGIN, size=8, root_hash=ROOT)
    assert cp.body() == (
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nhash: sha256\n"
    )
    assert Checkpoint.parse(cp.body()) == cp


@pytest.mark.parametrize("algorithm", ["sha256", "sm3"])
def test_checkpoint_round_trip(keys: tuple[Signer, Verifier], algorithm: str) -> None:
    signer, verifier = keys
    cp = Checkpoint(ORIGIN, 20852163, ROOT, algorithm, ("extra: 1",))
    opened, names = open_checkpoint(cp.sign(signer), [verifier])
    assert opened == cp
    assert opened.algorithm == algorithm
    assert names == [ORIGIN]


def test_checkpoint_without_hash_line_is_sha256() -> None:
    body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    cp = Checkpoint.parse(body)
    assert (cp.origin, cp.size, cp.algorithm, cp.extra) == (
        "example.com/behind-the-sofa",
        20852163,
        "sha256",
        (),
    )
    assert cp.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")


@pytest.mark.parametrize(
    ("field", "new"),
    [("\n8\n", "\n9\n"), ("Xcnae", "Ycnae"), ("hash: sha256", "hash: sm3")],
)
def test_altered_checkpoint_fails(keys: tuple[Signer, Verifier], field: str, new: str) -> None:
    signer, verifier = keys
    note = Checkpoint(ORIGIN, 8, ROOT).sign(signer)
    assert field in note
    with pytest.raises(NoteError) as err:
        open_checkpoint(note.replace(field, new, 1), [verifier])
    assert checks(err) == "bad_signature"


@pytest.mark.parametrize(
    "body",
    [
        f"{ORIGIN}\n8\n",  # too few lines
        f"{ORIGIN}\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  # leading zero
        f"{ORIGIN}\n-8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        f"{ORIGIN}\n1_0\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy\n",  # bad base64
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/Rg\n",  # 30 bytes
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n",  # stray pad bits
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nhash: md5\n",
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nhash: sha256\n\n",
        "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  # empty origin
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",  # no final newline
    ],
)
def test_malformed_checkpoint_bodies(body: str) -> None:
    with pytest.raises(NoteError) as err:
        Checkpoint.parse(body)
    assert checks(err) == "malformed_body"
    assert err.value.message_en.startswith("malformed checkpoint body")

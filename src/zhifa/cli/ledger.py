"""`zhifa ledger …` and `zhifa verify`: keys, checkpoints, proofs and verification."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select

from zhifa.cli.common import DbUrl, err, open_context, out
from zhifa.kernel.errors import DomainError, InvalidInput
from zhifa.ledger import merkle
from zhifa.ledger.note import NoteError, Verifier, open_checkpoint
from zhifa.store.engine import write_session

ledger_app = typer.Typer(help="执法全过程记录账本：密钥、签名树头、证明", no_args_is_help=True)


@ledger_app.command("keygen")
def keygen(
    force: Annotated[bool, typer.Option("--force", help="覆盖已有密钥")] = False,
) -> None:
    """生成签名树头的 Ed25519 密钥；私钥写入 ZHIFA_LEDGER_KEY_FILE 指定的文件（不入数据库）。"""
    from zhifa.ledger.services import write_keypair
    from zhifa.settings import get_settings

    private, public = write_keypair(get_settings(), overwrite=force)
    out.print(f"私钥：{private}（权限 0600，请妥善保管）")
    out.print(f"公钥：{public}（可公开，供第三方验证签名树头）")
    out.print(public.read_text().strip())


@ledger_app.command("checkpoint")
def checkpoint(database_url: DbUrl = None) -> None:
    """签发（如有新记录）并打印最新签名树头。"""
    from zhifa.ledger.services import issue_checkpoint, latest_checkpoint, load_signer

    ctx = open_context(database_url)
    with write_session(ctx.session_factory) as session:
        issue_checkpoint(session, load_signer(ctx.settings), ctx.clock)
    with ctx.read() as session:
        typer.echo(latest_checkpoint(session).note, nl=False)


@ledger_app.command("prove")
def prove(
    index: Annotated[int, typer.Option("--index", help="记录序号（从 0 起）")],
    size: Annotated[
        int | None, typer.Option("--size", help="树大小；缺省为最新签名树头的规模")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件；缺省打印")
    ] = None,
    database_url: DbUrl = None,
) -> None:
    """生成某条记录对某个签名树头的包含性证明（JSON），第三方可离线验证。"""
    from zhifa.ledger.services import inclusion_proof, latest_checkpoint
    from zhifa.ledger.tables import LedgerCheckpoint, LedgerEntry

    ctx = open_context(database_url)
    with ctx.read() as session:
        if size is None:
            cp = latest_checkpoint(session)
        else:
            found = session.get(LedgerCheckpoint, size)
            if found is None:
                sizes = session.scalars(
                    select(LedgerCheckpoint.size).order_by(LedgerCheckpoint.size.desc()).limit(5)
                ).all()
                raise InvalidInput(
                    f"没有规模为 {size} 的签名树头（最近的规模：{', '.join(map(str, sizes)) or '无'}）",
                    f"no checkpoint at size {size}",
                )
            cp = found
        proof = inclusion_proof(session, index, cp.size)
        entry = session.get_one(LedgerEntry, index)
        bundle: dict[str, Any] = {
            "format": "zhifa-inclusion-proof/1",
            "checkpoint": cp.note,
            **proof,
            "entry": base64.b64encode(entry.body).decode("ascii"),
        }
    text = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        out.print(f"证明已写入 {output}")
    else:
        typer.echo(text, nl=False)


def check_bundle(bundle: dict[str, Any], vkey: str) -> list[str]:
    """Offline checks of a proof bundle; returns what passed, raises on the first failure."""
    passed = []
    try:
        verifier = Verifier(vkey)
        cp, _ = open_checkpoint(bundle["checkpoint"], [verifier])
    except NoteError as exc:
        raise DomainError(
            f"签名树头验证失败：{exc.message_zh}", f"checkpoint check failed: {exc}"
        ) from None
    passed.append(f"签名树头签名有效（密钥 {verifier.name}，规模 {cp.size}）")
    try:
        index, size = int(bundle["index"]), int(bundle["size"])
        leaf = base64.b64decode(bundle["leaf_hash"], validate=True)
        path = [base64.b64decode(h, validate=True) for h in bundle["path"]]
        algorithm = str(bundle["algorithm"])
    except (KeyError, ValueError, TypeError) as exc:
        raise DomainError("证明文件格式错误", f"malformed proof bundle: {exc}") from None
    if size != cp.size or algorithm != cp.algorithm:
        raise DomainError(
            f"证明的树大小或算法（{size}, {algorithm}）与签名树头（{cp.size}, {cp.algorithm}）不符",
            "proof size/algorithm differ from the checkpoint",
        )
    alg = merkle.get_algorithm(algorithm)
    if "entry" in bundle:
        body = base64.b64decode(bundle["entry"], validate=True)
        if merkle.leaf_hash(alg, body) != leaf:
            raise DomainError("记录内容与叶哈希不符", "entry body does not hash to leaf_hash")
        passed.append("记录内容与叶哈希一致")
    if not merkle.verify_inclusion(alg, index, size, leaf, path, cp.root_hash):
        raise DomainError(
            f"包含性证明验证失败：第 {index} 条记录不在签名树头所示的账本中",
            f"inclusion proof for index {index} does not verify against the checkpoint root",
        )
    passed.append(f"包含性证明有效：第 {index} 条记录在规模 {size} 的账本中")
    return passed


@ledger_app.command("verify-proof")
def verify_proof(
    file: Annotated[Path, typer.Argument(help="zhifa ledger prove 生成的证明文件")],
    key: Annotated[Path, typer.Option("--key", help="账本公钥文件（vkey 文本）")],
) -> None:
    """第三方离线验证：只用公钥和证明文件，按 RFC 9162 检查。失败时退出码为 1。"""
    try:
        bundle = json.loads(file.read_text(encoding="utf-8"))
        vkey = key.read_text(encoding="utf-8").strip()
    except (OSError, ValueError) as exc:
        err.print(f"[bold red]无法读取：[/]{exc}")
        raise typer.Exit(1) from None
    try:
        for line in check_bundle(bundle, vkey):
            out.print(f"[green]✓[/] {line}")
    except DomainError as exc:
        err.print(f"[bold red]✗ {exc.message_zh}[/]")
        err.print(f"[dim]{exc.message_en}[/]")
        raise typer.Exit(1) from None


def _record_verification(ctx: Any, report: Any) -> None:
    """The verification itself goes on the ledger: a failure becomes a conduct finding
    (准则第九条), a pass is the dated proof that the record was checked."""
    from zhifa.ledger.events import LedgerVerified

    with ctx.uow() as uow:
        uow.record(
            [
                LedgerVerified(
                    actor="system:verify",
                    occurred_at=uow.clock.now(),
                    ok=report.ok,
                    entries=report.entries,
                    checkpoints=report.checkpoints,
                    problem_count=len(report.problems),
                    problems=tuple(
                        {"kind": p.kind, "where": p.where[:200]} for p in report.problems[:100]
                    ),
                )
            ]
        )
        uow.commit()
    ctx.checkpointer.flush()


def verify(
    database_url: DbUrl = None,
    list_exempt: Annotated[
        bool, typer.Option("--list-exempt", help="列出不在验证范围内的表及理由")
    ] = False,
) -> None:
    """验证账本与全部数据表未被篡改；发现问题时逐一列出并以退出码 1 结束。"""
    from zhifa.ledger.services import load_verifiers
    from zhifa.ledger.tables import LedgerState
    from zhifa.ledger.verify import EXEMPT, verify_all

    if list_exempt:
        for name, reason in EXEMPT.items():
            out.print(f"{name}\t{reason}")
        return
    ctx = open_context(database_url)
    with ctx.read() as session:
        state = session.get(LedgerState, 1)
        total = state.size if state else 0
        with Progress(
            TextColumn("验证账本"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=total < 20000,
        ) as bar:
            task = bar.add_task("entries", total=total)
            report = verify_all(
                session,
                load_verifiers(ctx.settings),
                ctx.pii,
                ctx.settings.blob_dir,
                progress=lambda n: bar.update(task, completed=n),
            )
    _record_verification(ctx, report)
    out.print(
        f"记录 {report.entries} 条，签名树头 {report.checkpoints} 个，"
        f"数据表 {len(report.rows)} 张（{sum(report.rows.values())} 行），"
        f"个人信息 {report.personal_values} 项，文件 {report.blobs} 个。"
    )
    if report.ok:
        out.print("[green]验证通过：账本与数据表均未被篡改。[/]")
        return
    err.print(f"[bold red]验证失败：发现 {len(report.problems)} 处改动：[/]")
    for p in report.problems:
        err.print(p.line(), markup=False, soft_wrap=True)
    raise typer.Exit(1)

"""The content-addressed blob store: evidence files live here, events reference them by hash."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from zhifa.kernel.errors import InvalidInput

MAX_BLOB = 2 * 1024**3  # 2 GiB per file: audio-video records of a whole inspection


def is_blob_ref(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"sha256", "size", "media_type"}


class BlobStore:
    """Files under ``root/ab/cd/<sha256>``; written atomically, never overwritten."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes, media_type: str) -> dict[str, Any]:
        """Store ``data``; returns the reference an event carries: sha256, size, media type."""
        if not media_type or "/" not in media_type:
            raise InvalidInput(
                f"文件类型“{media_type}”无效（应如 image/jpeg）", f"bad media type {media_type!r}"
            )
        if len(data) > MAX_BLOB:
            raise InvalidInput("文件过大（上限 2 GiB）", "blob larger than 2 GiB")
        digest = hashlib.sha256(data).hexdigest()
        path = self.path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        return {"sha256": digest, "size": len(data), "media_type": media_type}

    def get(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()

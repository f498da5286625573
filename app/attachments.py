"""Files attached to evidence, kept beside the database by content hash: one copy per content, ever."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from app.errors import MediationError
from app.files import open_private, partial, private_dir
from app.i18n import _

SHA256 = re.compile(r"[0-9a-f]{64}")


class AttachmentStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def beside(cls, database: Path) -> AttachmentStore:
        return cls(Path(database).parent / f"{Path(database).stem}-attachments")

    def path_for(self, sha256: str) -> Path:
        # The name comes from a database row (a restored backup, a bundle): only a real digest names a file.
        if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
            raise MediationError(_("An attached file is recorded under {name!r}, which is not a SHA-256 digest; "
                                   "the file was not read.").format(name=str(sha256)[:80]))
        return self.root / sha256[:2] / sha256

    def put(self, source: Path) -> tuple[str, int]:
        """Store a file; returns (sha256, size). An identical file already stored is not copied again."""
        digest, size = hashlib.sha256(), 0
        with open(source, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        sha = digest.hexdigest()
        target = self.path_for(sha)
        if not target.exists():
            private_dir(target.parent)
            # Copy under a temporary name, flush to disk, then rename: a crash never leaves half a file.
            with partial(target) as tmp:
                with open_private(tmp) as out, open(source, "rb") as src:
                    shutil.copyfileobj(src, out)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target)
        return sha, size

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

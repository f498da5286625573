"""Writing a file a user will carry away (a PDF, a key file, a bundle) without leaving half of it."""
from __future__ import annotations

import os
from pathlib import Path


def write_atomically(data: bytes, path: Path) -> None:
    """Write to a temporary name, flush to disk, then rename: a full disk or a crash never leaves half a file
    under the final name."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise

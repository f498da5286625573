"""Writing a file a user will carry away (a PDF, a key file, a bundle) without leaving half of it."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import MediationError
from app.i18n import _


def write_atomically(data: bytes, path: Path, *, read_back: bool = False) -> None:
    """Write to a temporary name, flush to disk, then rename: a full disk or a crash never leaves half a file
    under the final name."""
    with staged(data, path, read_back=read_back):
        pass


@contextmanager
def staged(data: bytes, path: Path, *, read_back: bool = False) -> Iterator[Path]:
    """Write data under a temporary name beside path; rename it to path when the block succeeds, remove it
    when the block (or the write) fails. With read_back, the file is read again from the device and compared
    first (USB sticks that lose writes exist)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if read_back and _digest_from_device(tmp) != hashlib.sha256(data).hexdigest():
            raise MediationError(_("{path} read back differently from what was written; the disk or stick may "
                                   "be failing: write the file to another one.").format(path=path))
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _digest_from_device(path: Path) -> str:
    with path.open("rb") as fh:
        if hasattr(os, "posix_fadvise"):   # drop the cached pages so the bytes come from the device
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        digest = hashlib.sha256()
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()

"""The locks (requirements/*.txt, made by `make lock`): every package pinned with hashes, within pyproject's ranges."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
BENCH_LOCK = ROOT / "requirements" / "bench.txt"
DIST_LOCK = ROOT / "requirements" / "dist.txt"     # `make dist`: PyInstaller on top of the app's pins


def entries(path: Path) -> dict[str, tuple[Version, list[str]]]:
    """name -> (pinned version, hashes), from a hashed requirements file."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pins: dict[str, tuple[Version, list[str]]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):  # uv writes no comment after a requirement on its line
            continue
        spec, *hashes = re.split(r"\s+--hash=", line)
        req = Requirement(spec.strip())
        (pin,) = req.specifier  # exactly one specifier, and it must be ==
        assert pin.operator == "==", line
        pins[canonicalize_name(req.name)] = (Version(pin.version), hashes)
    return pins


def wanted(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return [Requirement(r) for r in reqs]


@pytest.mark.parametrize("path", [LOCK, BENCH_LOCK, DIST_LOCK], ids=lambda p: p.name)
def test_every_package_is_pinned_with_sha256_hashes(path):
    pins = entries(path)
    assert len(pins) > 30
    assert {name: hashes for name, (_, hashes) in pins.items()
            if not hashes or not all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes)} == {}


@pytest.mark.parametrize(("path", "extras"), [(LOCK, ("test",)), (BENCH_LOCK, ("test", "bench")),
                                              (DIST_LOCK, ("test", "dist"))], ids=["lock", "bench", "dist"])
def test_the_lock_satisfies_pyproject(path, extras):
    pins = entries(path)
    unmet = {str(r) for r in wanted(*extras)
             if canonicalize_name(r.name) not in pins or pins[canonicalize_name(r.name)][0] not in r.specifier}
    assert unmet == set(), "pyproject.toml and the lock disagree: run `make lock`"


@pytest.mark.parametrize("path", [BENCH_LOCK, DIST_LOCK], ids=lambda p: p.name)
def test_the_extra_locks_keep_the_app_lock_s_versions(path):
    app, bench = entries(LOCK), entries(path)
    assert {n: (v, bench.get(n, (None,))[0]) for n, (v, _) in app.items() if bench.get(n, (None,))[0] != v} == {}


def test_the_lock_is_for_windows_too():
    # Resolved for every platform (uv --universal): pytest's Windows-only colorama is there, and tzdata,
    # which zoneinfo needs on Windows for Asia/Shanghai.
    assert {"colorama", "tzdata"} <= set(entries(LOCK))

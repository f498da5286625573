"""`make bench`: every benchmark, printing figures (not tests; nothing here passes or fails)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (agenda_time, dossier_size, import_time, ministry_time, print_time, privacy_time,  # noqa: E402
                   search_latency, startup, sync_time, trust_time)
from bench import audit_anchor_time  # noqa: E402
from bench.common import CASES, OUT, demo_database  # noqa: E402


def main() -> None:
    fresh = OUT / f"bench-{CASES}.sqlite"
    for leftover in OUT.glob(f"bench-{CASES}.sqlite*"):
        leftover.unlink()          # always time `demo` from scratch
    path, seconds = demo_database()
    print(f"demo --cases {CASES}: {seconds:.1f} s wall ({CASES / seconds:,.0f} cases/s), "
          f"database {fresh.stat().st_size / 2**20:.0f} MiB")
    search_latency.main()
    agenda_time.main()
    startup.main()
    print_time.main()
    dossier_size.main()
    sync_time.main()
    trust_time.main()
    privacy_time.main()
    import_time.main()
    audit_anchor_time.main()
    ministry_time.main()


if __name__ == "__main__":
    main()

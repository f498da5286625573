"""Smoke test of the one-folder build (and the .deb beside it): the built executable on fresh databases.

`make smoke` builds, then runs `python packaging/smoke_test.py dist/mediation-station [--install-deb]`;
.ci/run does so after the suite (as root, with Xvfb, xdotool, poppler-utils). Every run of the built app has
a clean environment (no venv, no PYTHONPATH, its own HOME and data folder), must exit as expected and print no
traceback. The venv's Python is used only here, to make a database at an older schema with alembic.
Prints what it measured: sizes, and the time from start to the login form.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "Smoke-test-pw-2026"
STATION = ["--station-name", "城关镇人民调解委员会", "--station-code", "330101001", "--county", "某某县",
           "--case-prefix", "城人", "--mediator", "王调解"]
CLOSED = {"settled", "performed", "archived"}
SHIPPED_FONTS = {"UMingCN-0", "WenQuanYiZenHei-0"}   # pdffonts' names for the faces in resources/fonts


class Failed(Exception):
    pass


PASSED = [0]


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)
    PASSED[0] += 1
    print(f"  ok  {what}", flush=True)


class Built:
    """The built executable, run in an environment that holds nothing of the developer's Python."""

    def __init__(self, exe: Path, work: Path):
        self.exe, self.work = exe, work
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(work / "home"), "LANG": "C.UTF-8",
                    "MEDIATION_STATION_DATA": str(work / "data"), "MEDIATION_STATION_PASSWORD": PASSWORD,
                    "MEDIATION_STATION_CLOCK": "2026-11-23T10:00:00+08:00", "QT_QPA_PLATFORM": "offscreen",
                    "MEDIATION_COUNTY_PASSPHRASE": "smoke county passphrase"}
        (work / "home").mkdir(parents=True, exist_ok=True)

    def run(self, *args: str, expect: int = 0, env: dict | None = None, timeout: int = 120) -> str:
        done = subprocess.run([str(self.exe), *args], cwd=self.work, env={**self.env, **(env or {})},
                              capture_output=True, text=True, timeout=timeout)
        output = done.stdout + done.stderr
        shown = " ".join(a for a in args if not a.startswith("/"))[:60]
        if done.returncode != expect or "Traceback" in output:
            raise Failed(f"`mediation-station {shown}` exited {done.returncode} (expected {expect}):\n"
                         f"{output}")
        PASSED[0] += 1
        print(f"  ok  mediation-station {shown} → {done.returncode}", flush=True)
        return done.stdout if expect == 0 else done.stderr


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def fonts_in(pdf: Path) -> dict[str, str]:
    """pdffonts' table: font name without the subset tag → its "emb" column."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    return {line.split()[0].split("+")[-1]: line.split()[-5] for line in lines[2:]}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def station_and_agreement(app: Built) -> Path:
    """init, demo, a written agreement printed with the shipped fonts embedded."""
    print("== a fresh station, demo cases, an agreement", flush=True)
    db = app.work / "station.sqlite"
    app.run("init", "--db", str(db), *STATION)
    # demo's first ten cases go through every status once; the outcome (written or oral) is drawn at random
    app.run("demo", "--db", str(db), "--user", "王调解", "--cases", "20")
    cases = json.loads(app.run("cases", "list", "--db", str(db), "--user", "王调解", "--json", "--limit", "100"))
    closed = [c["case_no"] for c in cases if c["status"] in CLOSED and c["case_no"]]
    pdf = app.work / "agreement.pdf"
    for case_no in closed:
        command = [str(app.exe), "print", case_no, "--doc", "agreement", "--db", str(db), "--user", "王调解",
                   "--out", str(pdf)]
        done = subprocess.run(command, cwd=app.work, env=app.env, capture_output=True, text=True, timeout=120)
        check("Traceback" not in done.stdout + done.stderr, f"print {case_no}: no traceback")
        if done.returncode == 0:
            break
    check(pdf.exists(), f"an agreement was printed (tried {len(closed)} closed cases)")
    fonts = fonts_in(pdf)
    check(SHIPPED_FONTS <= set(fonts) and all(fonts[f] == "yes" for f in SHIPPED_FONTS),
          f"the shipped fonts are embedded in the agreement: {fonts}")
    check(all(v == "yes" for v in fonts.values()), "no font is left to the PDF viewer")
    return db


def register_import(app: Built) -> None:
    """A register large enough to be read in a second process, which the frozen build starts through itself."""
    print("== a large register imported from .xlsx", flush=True)
    from openpyxl import Workbook

    sys.path.insert(0, str(ROOT))
    from app.register_file import READER_PROCESS_BYTES

    rows = 10_000
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["登记日期", "纠纷类型", "事由", "纠纷事实", "申请人", "被申请人"])
    given = "伟芳娜敏静丽强磊军洋"            # names are names: digits in one are refused
    for i in range(rows):
        name = given[i % 10] + given[i // 10 % 10] + given[i // 100 % 10]
        sheet.append(["2025-03-04", "邻里", f"邻里纠纷{i}", f"第{i}号：双方因排水沟渠的修缮费用分担发生争执，经多次协商未果。",
                      "张" + name, "李" + name])
    path = app.work / "register.xlsx"
    book.save(path)
    check(path.stat().st_size >= READER_PROCESS_BYTES, "the register is large enough for the reader process")
    db = app.work / "imported.sqlite"
    app.run("init", "--db", str(db), *STATION)
    out = app.run("cases", "import", str(path), "--db", str(db), "--user", "王调解", timeout=300)
    check(f"{rows}" in out.replace(",", ""), f"all {rows} rows imported through the reader process: {out.strip()[-60:]}")


def offscreen_main_window(app: Built, db: Path) -> None:
    print("== the main window, offscreen", flush=True)
    out = app.run("--db", str(db), env={"MEDIATION_STATION_EXIT_AFTER_SHOW": "1"})
    found = re.search(r"first page shown after ([\d.]+)s \((\d+) rows\)", out)
    check(found is not None and int(found[2]) > 0, f"the register's first page was shown: {out.strip()}")


def xdotool(env: dict, *args: str, timeout: int = 30) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=timeout).stdout


def x11_login(app: Built, db: Path, python_prefixes: list[str]) -> float:
    """On a real X server (Xvfb): the login form, typing the password, the main window, Ctrl+Q. Returns the
    seconds from starting the process to the login form on screen."""
    print("== login through the window, on Xvfb (the xcb platform and the system's X libraries)", flush=True)
    # Xvfb picks a free display itself and tells its number (other test runs may hold some).
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten",
                             "tcp"], pass_fds=(write_end,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        display = ":" + numbers.readline().strip()
    check(display != ":" and xvfb.poll() is None, f"Xvfb runs on display {display}")
    env = {**app.env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("MEDIATION_STATION_PASSWORD")
    proc = None
    try:
        for _ in range(100):
            probe = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True)
            if probe.returncode == 0:
                break
            time.sleep(0.05)
        started = time.monotonic()
        proc = subprocess.Popen([str(app.exe), "--db", str(db)], cwd=app.work, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        login = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "登录").split()
        to_login = time.monotonic() - started
        check(bool(login), f"the login form is on screen after {to_login:.2f} s")
        maps = Path(f"/proc/{proc.pid}/maps").read_text()
        outside = sorted({line.split()[-1] for line in maps.splitlines()
                          if any(line.split()[-1].startswith(p) for p in python_prefixes)})
        check(outside == [], f"nothing is loaded from the build machine's Python "
                             f"({', '.join(python_prefixes)})")
        xdotool(env, "type", "--delay", "20", PASSWORD)
        xdotool(env, "key", "Return")
        main = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "城关镇人民调解委员会").split()
        check(bool(main), "after the password, the main window with the station's name")
        time.sleep(2)       # the start-up checks (integrity, the day's backup) have their turn
        for _ in range(5):  # without a window manager the window gets the keyboard only when told
            xdotool(env, "windowfocus", "--sync", main[0])
            xdotool(env, "key", "ctrl+q")
            try:
                proc.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        out, err = proc.communicate(timeout=30)
        check(proc.returncode == 0, f"Ctrl+Q quits with exit code 0 (got {proc.returncode}) {err[-300:]}")
        check("Traceback" not in out + err and "Error" not in err,
              f"no traceback or error printed: {err[-300:]!r}")
        return to_login
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        xvfb.send_signal(signal.SIGTERM)
        xvfb.wait(timeout=10)


def newer_database_refused(app: Built, db: Path) -> None:
    print("== a database from a newer version is refused and left untouched", flush=True)
    newer = app.work / "newer.sqlite"
    shutil.copy2(db, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = sha256(newer)
    err = app.run("cases", "list", "--db", str(newer), "--user", "王调解", expect=1)
    check("由更新版本的调解工作站写入" in err and "文件未做任何改动" in err, f"said in Chinese: {err.strip()}")
    wal = Path(str(newer) + "-wal")      # the read-only look at its version may leave an empty one
    check(sha256(newer) == before and (not wal.exists() or wal.stat().st_size == 0), "the file is unchanged")


def older_database_migrated(app: Built) -> None:
    """A database at the schema before the newest, as an older build left it: the built app copies it, then
    brings it up to date."""
    print("== a database from an older version is backed up, then migrated", flush=True)
    from alembic.script import ScriptDirectory

    from db.engine import make_engine
    from db.migrate import HEAD, alembic_config, upgrade

    older_db = app.work / "older" / "station.sqlite"
    older_db.parent.mkdir()
    engine = make_engine(older_db)
    previous = ScriptDirectory.from_config(alembic_config(engine)).get_revision(HEAD).down_revision
    upgrade(engine, previous)
    engine.dispose()
    app.run("init", "--db", str(older_db), *STATION)
    with sqlite3.connect(older_db) as conn:
        now = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    check(now == HEAD, f"migrated from {previous} to {now}")
    copies = list(older_db.parent.glob("station-backups/调解站-升级前-*"))
    check(len(copies) == 1, f"the copy before the upgrade: {[c.name for c in copies]}")
    with sqlite3.connect(f"file:{copies[0]}?mode=ro", uri=True) as conn:
        kept = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    check(kept == previous, f"the copy holds the old schema ({kept})")


def county_round_trip(app: Built, station: Path) -> None:
    """The weekly report through the build: keys both ways, the station's bundle, the county's import and its
    receipt back (cryptography, the zip writer, ISA-L: native code a build can lose)."""
    print("== the county side: enrolment, a bundle, its import and the receipt", flush=True)
    county, w = app.work / "county.sqlite", app.work
    head, reviewer = ("--user", "王调解"), ("--user", "赵审核")
    app.run("county", "init", "--db", str(county), "--name", "某某县司法局", "--reviewer", "赵审核")
    app.run("county", "export-key", "--db", str(county), *reviewer, "--out", str(w / "key.json"))
    app.run("keys", "export-enrolment", "--db", str(station), *head, "--out", str(w / "enrol.json"))
    app.run("keys", "import-county", str(w / "key.json"), "--db", str(station), *head)
    app.run("county", "enrol", str(w / "enrol.json"), "--db", str(county), *reviewer)
    (w / "stick").mkdir()
    app.run("export", "--db", str(station), *head, "--out", str(w / "stick"))
    bundles = sorted(str(b) for b in (w / "stick").iterdir())
    check(bundles != [], f"the bundle is on the stick: {[Path(b).name for b in bundles]}")
    (w / "receipts").mkdir()
    app.run("county", "import", *bundles, "--db", str(county), *reviewer, "--receipt-out",
            str(w / "receipts"))
    receipts = sorted((w / "receipts").iterdir())
    check(len(receipts) == 1, f"one receipt for the station: {[r.name for r in receipts]}")
    app.run("receipt", "import", str(receipts[0]), "--db", str(station), *head)


def logs_clean(work: Path) -> None:
    logs = [p for p in work.rglob("*.log")]
    bad = [p.name for p in logs
           if re.search(r"Traceback|uncaught", p.read_text(encoding="utf-8", errors="replace"))]
    check(bad == [], f"no uncaught error in the logs ({len(logs)} read)")


def deb_checks(build: Path, deb: Path, install: bool, work: Path) -> None:
    print(f"== the package {deb.name}", flush=True)
    info = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends", "Version"], capture_output=True, text=True,
                          check=True).stdout
    version = project_version()
    check(f"Version: {version}" in info and "libxcb-cursor0" in info, f"control: {info.strip()[:160]}…")
    files = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./opt/mediation-station/mediation-station",
                 "./usr/share/applications/mediation-station.desktop",
                 "./usr/share/applications/mediation-station-county.desktop",
                 "./usr/bin/mediation-station ->",
                 "hicolor/48x48/apps/mediation-station.png", "hicolor/scalable/apps/mediation-station.svg"):
        check(path in files, f"the package holds {path.rstrip(' ->')}")
    if shutil.which("desktop-file-validate"):
        unpacked = work / "deb"
        subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
        entries = sorted((unpacked / "usr/share/applications").glob("*.desktop"))
        done = subprocess.run(["desktop-file-validate", *map(str, entries)], capture_output=True, text=True)
        check(done.returncode == 0 and not done.stdout.strip(),
              f"desktop-file-validate: {done.stdout.strip()}")
    if not install:
        return
    home = work / "installed-home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "MEDIATION_STATION_PASSWORD": PASSWORD,
           "MEDIATION_STATION_CLOCK": "2026-11-23T10:00:00+08:00"}
    subprocess.run(["apt-get", "install", "-y", "-qq", str(deb.resolve())], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    try:
        done = subprocess.run(["/usr/bin/mediation-station", "--version"], capture_output=True, text=True,
                              env=env)
        check(done.returncode == 0 and done.stdout.strip() == f"mediation-station {version}",
              f"installed: /usr/bin/mediation-station --version → {done.stdout.strip()}")
        # the installed command on the user's own data folder (no --db), as a menu start would use it
        done = subprocess.run(["/usr/bin/mediation-station", "init", *STATION], capture_output=True,
                              text=True, env=env)
        check(done.returncode == 0, f"installed: init in the user data folder {done.stderr.strip()}")
        done = subprocess.run(["/usr/bin/mediation-station-county", "--help"], capture_output=True, text=True,
                              env=env)
        check(done.returncode == 0 and "county" in done.stdout, "installed: the county window's command")
    finally:
        subprocess.run(["dpkg", "--purge", "mediation-station"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    check(not Path("/opt/mediation-station").exists() and not Path("/usr/bin/mediation-station").exists(),
          "purged: /opt/mediation-station and the command are gone")
    data = home / ".local" / "share" / "MediationStation"
    check((data / "mediation.sqlite").exists(), "the user's data stays where it was")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="dist/mediation-station")
    parser.add_argument("--install-deb", action="store_true",
                        help="also install the .deb with apt-get and purge it again (root; CI)")
    args = parser.parse_args(argv)
    exe = args.build.resolve() / "mediation-station"
    folder_mb = sum(p.lstat().st_size for p in args.build.rglob("*") if not p.is_dir()) / 1e6
    debs = sorted(args.build.parent.glob("mediation-station_*.deb"))
    python_prefixes = sorted({str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
    results: dict[str, str] = {"one-folder build": f"{folder_mb:.1f} MB"}
    with tempfile.TemporaryDirectory(prefix="smoke-") as tmp:
        work = Path(tmp)
        app = Built(exe, work)
        try:
            print("== the built executable", flush=True)
            version = project_version()
            check(app.run("--version").strip() == f"mediation-station {version}", f"--version says {version}")
            db = station_and_agreement(app)
            offscreen_main_window(app, db)
            register_import(app)
            if shutil.which("Xvfb") and shutil.which("xdotool"):
                results["start to login form (Xvfb)"] = f"{x11_login(app, db, python_prefixes):.2f} s"
            else:
                print("  --  Xvfb or xdotool missing: the login through the window was skipped", flush=True)
            newer_database_refused(app, db)
            older_database_migrated(app)
            county_round_trip(app, db)
            logs_clean(work)
            if debs:
                results[".deb"] = f"{debs[-1].stat().st_size / 1e6:.1f} MB"
                deb_checks(args.build, debs[-1], args.install_deb, work)
        except Failed as exc:
            print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr, flush=True)
            print(f"smoke: {PASSED[0]} passed, 1 failed")
            return 1
    print("== " + "; ".join(f"{k} {v}" for k, v in results.items()))
    print(f"smoke: {PASSED[0]} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

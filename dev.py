#!/usr/bin/env python3
"""Set up and run yusuan with nothing but python3 installed.

    python3 dev.py demo     # read and check the bundled examples, store them in build/demo.db (SQLite)
    python3 dev.py test     # run the whole test suite
    python3 dev.py bench    # print reading throughput (bench/read.py)
    python3 dev.py docs     # rewrite the generated pages of docs/ (rules, command line, vocabulary)

The first run creates .venv/ and installs the project with its pinned dependencies; later runs
reinstall only when pyproject.toml changed.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def setup() -> None:
    stamp = VENV / ".installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PY.exists():
        return
    if not PY.exists():
        print("· creating .venv", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception:  # Debian's python3 ships ensurepip separately (python3-venv)
            if os.name != "posix" or os.geteuid() != 0:
                raise
            print("· installing python3-venv (Debian) and retrying", flush=True)
            apt_get("update", "-qq")
            apt_get("install", "-y", "-qq", "python3-venv")
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("· installing yusuan and its pinned dependencies", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", f"{ROOT}[test,bench,web]"], check=True)
    stamp.write_text(digest)


# what the tests use beyond Python, and why: a command (or a file the package installs) → package
SYSTEM_PACKAGES = {
    "chromium": ("chromium", "the HTML pages, check reports and the web portal opened in a real headless browser "
                             "(Playwright drives /usr/bin/chromium)"),
    "fc-list": ("fonts-noto-cjk", "Chinese text in the rendered PDFs"),
    "pdftotext": ("poppler-utils", "the text of the rendered PDFs"),
    "soffice": ("libreoffice-calc-nogui", "PDFs and .xls printed from the rendered workbooks"),
    "/usr/lib/libreoffice/program/libswlo.so": ("libreoffice-writer-nogui", "PDFs printed from Word files"),
}
APT_LOCKED = ("could not get lock", "unable to lock", "unable to acquire")


def apt_get(*args: str, wait: float = 900, pause: float = 15) -> None:
    """apt-get, waiting up to ``wait`` seconds while another process (an unattended upgrade, another
    install) holds apt's lock, instead of failing on it."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    deadline = time.monotonic() + wait
    while True:
        done = subprocess.run(["apt-get", "-o", f"DPkg::Lock::Timeout={int(pause)}", *args], env=env,
                              capture_output=True, text=True)
        if done.returncode == 0:
            return
        busy = any(words in done.stderr.lower() for words in APT_LOCKED)
        if not busy or time.monotonic() > deadline:
            sys.stderr.write(done.stdout[-3000:] + done.stderr)
            raise SystemExit(f"dev.py: apt-get {' '.join(args)} failed (exit {done.returncode})")
        print("· apt is busy (another process holds its lock): waiting …", flush=True)
        time.sleep(pause)


def missing_packages(needed: dict[str, tuple[str, str]] = SYSTEM_PACKAGES) -> dict[str, str]:
    """{package: why} for what the tests need and this machine lacks."""
    missing = {pkg: why for cmd, (pkg, why) in needed.items() if not shutil.which(cmd) and not os.path.exists(cmd)}
    if "fc-list" in needed and shutil.which("fc-list") and "Noto Sans CJK" not in subprocess.run(
            ["fc-list"], capture_output=True, text=True).stdout:
        missing["fonts-noto-cjk"] = needed["fc-list"][1]
    return missing


def system_packages() -> None:
    """Debian packages the tests use: a real headless Chromium, Noto CJK fonts, poppler, LibreOffice;
    installed with apt-get when running as root, named (with what needs them) in any case."""
    missing = missing_packages()
    if not missing:
        return
    listed = "".join(f"\n    {pkg:26} {why}" for pkg, why in missing.items())
    if not shutil.which("apt-get") or os.name != "posix" or os.geteuid() != 0:
        print(f"· missing system packages (install them as root; until then the tests that need them fail or skip;"
              f" see docs/development.md):{listed}", flush=True)
        return
    print(f"· installing system packages with apt-get (once):{listed}", flush=True)
    apt_get("update", "-qq")
    apt_get("install", "-y", "-qq", *missing)


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "demo"
    rest = argv[1:]
    setup()
    if task == "demo":  # the main job on the bundled examples: store, list, read and check each, what next
        examples = [str(ROOT / "examples" / "disclosures")]
        db = str(ROOT / "build" / "demo.db")
        (ROOT / "build").mkdir(exist_ok=True)
        steps = [["import", *(rest or examples), "--db", db, "--jobs", "1", "--quiet"], ["units", "--db", db],
                 ["demo", *rest]]
        for step in steps:
            print(f"\n$ yusuan {' '.join(step)}", flush=True)
            subprocess.call([str(BIN / "yusuan"), *step])
        where = BIN.relative_to(ROOT) / "yusuan"
        print(f"\nyusuan 装在 {where}（或先 source {BIN.relative_to(ROOT)}/activate）/ yusuan is installed in {where}:"
              f"\n  {where} check examples/disclosures/003_125ac91881a2613a.txt"
              f"\n  {where} show 124 --db build/demo.db", flush=True)
        return 0
    if task == "test":
        system_packages()
        code = subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
        return 1 if code == 5 else code  # 5 = no tests collected: a broken suite, not a pass
    if task == "docs":
        return subprocess.call([str(PY), "-m", "yusuan.docgen", str(ROOT / "docs")], cwd=ROOT)
    if task == "bench":
        return subprocess.call([str(PY), str(ROOT / "bench" / "read.py"), *rest], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Set up and run yusuan with nothing but python3 installed.

    python3 dev.py demo     # read and check the bundled examples, store them in build/demo.db (SQLite)
    python3 dev.py test     # run the whole test suite
    python3 dev.py bench    # print reading throughput (bench/read.py)

The first run creates .venv/ and installs the project with its pinned dependencies; later runs
reinstall only when pyproject.toml changed.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
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
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "python3-venv"], check=True)
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("· installing yusuan and its pinned dependencies", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", f"{ROOT}[test,bench]"], check=True)
    stamp.write_text(digest)


# the browser tests; CJK pages; PDF text checks; PDF fixtures printed from the rendered workbooks
# (Calc) and from the Word versions of the seeds (Writer): a command, or a file the package installs
SYSTEM_PACKAGES = {"chromium": "chromium", "fc-list": "fonts-noto-cjk", "pdftotext": "poppler-utils",
                   "soffice": "libreoffice-calc-nogui",
                   "/usr/lib/libreoffice/program/libswlo.so": "libreoffice-writer-nogui"}


def system_packages() -> None:
    """Debian packages the tests use: a real headless Chromium, Noto CJK fonts, poppler, LibreOffice."""
    missing = [pkg for cmd, pkg in SYSTEM_PACKAGES.items() if not shutil.which(cmd) and not os.path.exists(cmd)]
    if shutil.which("fc-list") and "Noto Sans CJK" not in subprocess.run(
            ["fc-list"], capture_output=True, text=True).stdout:
        missing.append("fonts-noto-cjk")
    if not missing or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    print(f"· installing {' '.join(missing)} (Debian)", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "demo"
    rest = argv[1:]
    setup()
    if task == "demo":  # the main job on the bundled examples: read, check, store, list
        examples = [str(ROOT / "examples" / "disclosures")]
        db = str(ROOT / "build" / "demo.db")
        (ROOT / "build").mkdir(exist_ok=True)
        steps = [["demo", *rest], ["import", *(rest or examples), "--db", db, "--jobs", "1", "--quiet"],
                 ["units", "--db", db]]
        for step in steps:
            print(f"\n$ yusuan {' '.join(step)}", flush=True)
            subprocess.call([str(BIN / "yusuan"), *step])
        return 0
    if task == "test":
        system_packages()
        code = subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
        return 1 if code == 5 else code  # 5 = no tests collected: a broken suite, not a pass
    if task == "bench":
        return subprocess.call([str(PY), str(ROOT / "bench" / "read.py"), *rest], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

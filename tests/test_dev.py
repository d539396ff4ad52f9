"""dev.py, the two commands of the README: what it says it installs, and apt's lock held by another
process (an unattended upgrade) is waited for, not a traceback."""
from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_packages_are_named_with_what_needs_them():
    dev = _dev()
    needed = {"no-such-command-yusuan": ("no-such-package", "the tests of nothing"), "sh": ("dash", "a shell")}
    assert dev.missing_packages(needed) == {"no-such-package": "the tests of nothing"}
    assert all(why for _, why in dev.SYSTEM_PACKAGES.values())


@pytest.mark.skipif(not shutil.which("apt-get") or os.geteuid() != 0, reason="needs apt-get, as root")
def test_apt_waits_while_another_process_holds_its_lock(capsys):
    dev = _dev()
    fd = os.open("/var/lib/dpkg/lock-frontend", os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as an unattended upgrade would

    def release():
        time.sleep(3)
        fcntl.lockf(fd, fcntl.LOCK_UN)
        os.close(fd)

    releaser = threading.Thread(target=release)
    releaser.start()
    try:  # installed already and never upgraded here: nothing changes, but apt needs its lock for it
        dev.apt_get("install", "-y", "-qq", "--no-upgrade", "coreutils", wait=120, pause=1)
    finally:
        releaser.join()
    assert "apt is busy (another process holds its lock): waiting" in capsys.readouterr().out


def test_demo_ends_with_what_to_do_next():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "yusuan.cli", "demo"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "版式" not in out and "pdf_text" not in out and "cell_lines" not in out  # no reader jargon
    assert "读作：从 PDF 复制的文本（空单元格已丢失）" in out
    assert "检查：错误 9，警告 10，提示 15；N101 情况说明的金额与表格不符 ×2，N102" in out  # 002, each code with its title
    tail = out[out.index("接下来 / next:"):].splitlines()
    assert [line.split()[:2] for line in tail[1:]] == [["yusuan", "check"], ["yusuan", "check"], ["yusuan", "rules"],
                                                       ["yusuan", "render"], ["yusuan", "import"], ["yusuan", "template"],
                                                       ["yusuan", "serve"]]

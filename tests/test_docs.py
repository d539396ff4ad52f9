"""The README and docs/ are current: the generated pages equal what the code generates now (a new
rule, command, option or column without its documentation fails here), every link resolves, nothing
points outside the repository, and the README's examples print what it shows."""
from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yusuan import docgen
from yusuan.cli import main
from yusuan.rules import REGISTRY
from yusuan.rules.stored import RULES as STORE_RULES
from yusuan.store.query import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("rel", sorted(docgen.pages()))
def test_generated_pages_are_current(rel):
    assert (DOCS / rel).read_text(encoding="utf-8") == docgen.pages()[rel], \
        f"docs/{rel} is stale: run python3 dev.py docs"


def test_every_rule_has_its_entry():
    for r in (*REGISTRY, *STORE_RULES):
        page = (DOCS / "rules" / f"{r.code[0]}.md").read_text(encoding="utf-8")
        entry = page.split(f"## {r.code} ")[1].split("\n## ")[0]
        assert entry.startswith(r.title) and r.what in entry and r.why in entry and r.example in entry, r.code


def test_every_command_and_option_is_documented():
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        section = page.split(f"### yusuan {name}\n")[1].split("\n### ")[0]
        for param in cmd.params:
            for opt in param.opts if param.param_type_name == "option" else [param.name.upper()]:
                assert opt in section, (name, opt)


def test_every_column_is_documented():
    page = (DOCS / "vocabulary.md").read_text(encoding="utf-8")
    for c in EXPORT_COLUMNS:
        assert f"| `{c}` |" in page, c


@pytest.mark.parametrize("path", [ROOT / "README.md", *PAGES], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_resolve_and_stay_in_the_repository(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\.\./shared|DOMAIN\.md|DESIGN\.md|DOMAIN §", text)
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if not target.startswith("http"):
            assert (path.parent / target).exists(), target


def test_readme_front_door():
    lines = README.splitlines()
    assert 100 <= len(lines) <= 170  # about 150: the rest is in docs/
    first = README.split("```sh\n", 1)[1].split("```")[0].splitlines()
    assert [x.split("#")[0].strip() for x in first] == ["python3 dev.py demo", "python3 dev.py test"]
    assert README.index("## 中文说明") < README.index("## English")
    assert ".venv/bin/yusuan" in README and "PostgreSQL" in README and "apt" in README
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")


def _run(command: str, db: Path) -> str:
    args = command.split()
    head = None
    if "|" in args:  # `… | head -n 3`
        head = int(args[-1])
        args = args[:args.index("|")]
    assert args[0] == "yusuan"
    args = [str(db) if a == "build/demo.db" else a for a in args[1:]]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "yusuan.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)
    out = done.stdout.splitlines()
    return "\n".join(out[:head] if head else out)


def test_readme_commands_print_what_it_shows(tmp_path):
    db = tmp_path / "demo.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "yusuan.cli", "import", "examples/disclosures", "--db", str(db),
                    "--jobs", "1", "--quiet"], check=True, capture_output=True, env=env, cwd=ROOT, timeout=600)
    blocks = re.findall(r"```console\n\$ ([^\n]+)\n(.*?)```", README, re.S)
    assert len(blocks) == 3
    for command, shown in blocks:
        assert _run(command, db) == shown.rstrip("\n"), command


def test_readme_python_example(monkeypatch):
    code, shown = re.search(r"```python\n(.*?)```\n\n```text\n(.*?)```", README, re.S).groups()
    assert len(code.strip().splitlines()) <= 7
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    assert out.getvalue() == shown

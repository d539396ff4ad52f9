"""The corpus scoreboard: how yusuan reads and checks real packages against what a person found in them.

    python3 bench/corpus.py [FOLDER] [--annotations DIR] [--details] [--no-text]

FOLDER (default ``examples/corpus/``) holds published packages; ``tests/corpus/annotations/`` one
TOML file per package: what it is (unit, year, kind, the tables it prints) and the real problems
a reader found in it by hand (family, place, numbers). Each PDF is read as it is and also as the
texts researchers usually have: pdfplumber's ``extract_text`` and ``pdftotext`` with and without
``-layout`` (made once into ``build/corpus-text/``).

Per document and layout, the scoreboard prints: whether it was read (exit 0/2), the tables
recognised against the annotated ones, whether unit, year and kind are right, the values placed
in a column, the reading findings (R), the identities checked and how many held, the error
findings, split into true (they match an annotated problem) and false, and the annotated problems
found (by an error or a warning). The totals follow; ``--details`` lists every false error and
every missed problem.

A finding matches a problem when its code is of the problem's family (or in its ``codes``), its
table agrees (not asked of a narrative problem, whose table is only the likeliest), and then: its
row, when both name one; else it quotes six characters in a row of the problem's ``quote`` (on its
page, in a PDF); else one of the problem's numbers is in its message (0 and 100 say too little to count);
else, for a problem without numbers, it is on the problem's page (PDF) or has one of the problem's
``codes``. A problem
marked ``checkable = false`` (a typo, a copied sentence whose numbers are right) is shown but not
counted in "found".
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tomllib
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.catalog.vocabulary import squash  # noqa: E402
from yusuan.read import UnreadableError, read_file  # noqa: E402
from yusuan.report import Severity  # noqa: E402
from yusuan.rules import check  # noqa: E402

CORPUS = ROOT / "examples" / "corpus"
ANNOTATIONS = ROOT / "tests" / "corpus" / "annotations"
TEXTS = ROOT / "build" / "corpus-text"
LAYOUTS = ("pdfplumber", "pdftotext-layout", "pdftotext")


# --- the texts researchers have ----------------------------------------------------------------
def extract(pdf: Path, layout: str, into: Path = TEXTS) -> Path | None:
    """The PDF as text in ``layout`` (cached; remade when the PDF is newer); None when the tool is missing."""
    out = into / f"{pdf.stem}.{layout}.txt"
    if out.exists() and out.stat().st_mtime >= pdf.stat().st_mtime and (layout != "pdfplumber" or _starts(out).exists()):
        return out
    into.mkdir(parents=True, exist_ok=True)
    if layout == "pdfplumber":
        import pdfplumber
        with pdfplumber.open(pdf) as doc:
            pages = [page.extract_text() or "" for page in doc.pages]
        out.write_text("\n".join(pages), encoding="utf-8")
        starts = accumulate((p.count("\n") + 1 for p in pages[:-1]), initial=1)  # (each page ends at a "\n" join)
        _starts(out).write_text(" ".join(map(str, starts)), encoding="utf-8")
        return out
    if not shutil.which("pdftotext"):
        return None
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout == "pdftotext-layout" else []), str(pdf), str(out)]
    subprocess.run(args, check=True)
    return out


def _starts(text: Path) -> Path:
    """pdfplumber's text joins its pages with a newline: the line each page starts on is kept beside it."""
    return text.with_name(text.name.removesuffix(".txt") + ".pages")


def page_starts(text: Path) -> list[int]:
    """The line each page of an extracted text starts on (pdftotext marks a page with a form feed, which
    is no line of its own), so that a finding on a text's line is on the PDF's page as well."""
    if _starts(text).exists():
        return [int(n) for n in _starts(text).read_text(encoding="utf-8").split()]
    body = text.read_text(encoding="utf-8")
    return [1] + [body.count("\n", 0, i) + 1 for i, ch in enumerate(body) if ch == "\f"]


def variants(doc: Path, texts: bool = True) -> list[tuple[str, Path]]:
    """(layout, file) to read: the document, and for a PDF its extracted texts."""
    out = [(doc.suffix.lstrip(".") or "file", doc)]
    if texts and doc.suffix.lower() == ".pdf":
        out += [(layout, p) for layout in LAYOUTS if (p := extract(doc, layout)) is not None]
    return out


# --- annotations ---------------------------------------------------------------------------------
def annotation(doc: Path, folder: Path = ANNOTATIONS) -> dict | None:
    path = folder / f"{doc.stem}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _decimals(text: str) -> set[Decimal]:
    out = set()
    for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text or ""):
        try:
            out.add(Decimal(m.replace(",", "")).normalize())
        except InvalidOperation:
            pass
    return out


def _numbers(problem: dict) -> set[Decimal]:
    """The problem's numbers, also as the other unit prints them (万元 in the narrative, 元 in tables)."""
    found = set()
    for n in problem.get("numbers", ()):
        for d in _decimals(str(n)):
            found |= {d, (d * 10000).normalize(), (d / 10000).normalize()}
    return found


def matches(finding, problem: dict) -> bool:
    codes = problem.get("codes", ())
    if finding.code[0] != problem["family"] and finding.code not in codes:
        return False
    table, row = problem.get("table") or "", problem.get("row") or ""
    narrative = problem["family"] == "N"  # the table a narrative problem names is only the likeliest one
    if table and finding.table and not narrative \
            and finding.table.removeprefix("final_") != table.removeprefix("final_"):
        return False
    if row and finding.row:  # the row says where; a finding about that row is about the problem
        return finding.row.startswith(row) or row.startswith(finding.row)
    page = problem.get("page")
    near = not isinstance(page, int) or finding.source.page is None or abs(finding.source.page - page) <= 1
    if near and _quoted(problem.get("quote", ""), finding.message, 6):
        return True  # it quotes the problem's words
    numbers = {n for n in _numbers(problem) if n not in _COMMON}
    if numbers:
        said = _decimals(" ".join(filter(None, (finding.message, finding.expected, finding.actual))))
        return bool(numbers & said)
    return (isinstance(page, int) and finding.source.page is not None and abs(finding.source.page - page) <= 1) \
        or finding.code in codes


_COMMON = {Decimal(0), Decimal(100)}  # 0.00 and 100% are in too many messages to say which problem one is


def _quoted(quote: str, message: str, n: int = 4) -> bool:
    """The finding quotes the problem's words: they share n characters in a row (spaces aside)."""
    quote, message = squash(quote), squash(message)
    return any(quote[i:i + n] in message for i in range(len(quote) - n + 1))


# --- one document -----------------------------------------------------------------------------------
@dataclass
class Score:
    document: str
    layout: str
    exit: int = 0
    tables: tuple[int, int] = (0, 0)  # recognised, annotated
    extra_tables: int = 0
    unit: bool | None = None
    year: bool | None = None
    kind: bool | None = None
    placed: tuple[int, int] = (0, 0)  # values in a column, values
    reading: int = 0  # R findings
    checked: int = 0
    failed: int = 0
    skipped: int = 0
    errors: int = 0
    true: int = 0
    false: list = field(default_factory=list)
    found: list = field(default_factory=list)  # ids of problems found
    missed: list = field(default_factory=list)  # (id, what) of checkable problems not found
    message: str = ""


def score(path: Path, layout: str, note: dict | None, document: str) -> Score:
    s = Score(document, layout)
    try:
        doc = read_file(path)
    except UnreadableError as e:
        s.exit, s.message = 2, str(e)
        s.missed = [(p["id"], p.get("what", "")) for p in (note or {}).get("problem", ()) if p.get("checkable", True)]
        return s
    report = check(doc)
    if layout in LAYOUTS:  # a text's findings on the PDF's pages, which the annotations name
        starts = page_starts(path)
        report = replace(report, findings=tuple(_on_page(f, starts) for f in report.findings))
    if note:
        want = Counter(t["kind"] for t in note.get("tables", ()))
        got = Counter(t.kind for t in doc.tables if t.kind != "unknown")
        said = sum(f.code == "R012" and f.table == "project_performance" for f in doc.findings)  # found, not read
        got.update({"project_performance": len(doc.projects) + said, "unit_performance": int(doc.performance is not None)})
        s.tables = (sum((want & got).values()), sum(want.values()))
        s.extra_tables = sum((got - want).values())
        s.unit = squash(doc.unit.name or "") == squash(note.get("unit", ""))  # "": a template naming no unit
        s.year = doc.year == note.get("year")
        s.kind = doc.kind == note.get("kind")
    cells = [c for t in doc.tables if t.kind != "unknown" for r in t.rows for c in r.cells if c.value is not None]
    s.placed = (sum(c.column is not None for c in cells), len(cells))
    s.reading = sum(f.code.startswith("R") and f.severity is not Severity.INFO for f in report.findings)
    s.checked = sum(report.checked.values())
    s.failed = sum(f.severity is Severity.ERROR and f.code[0] in "AX" for f in report.findings)
    s.skipped = sum(report.skipped.values())
    problems = (note or {}).get("problem", ())
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    s.errors = len(errors)
    for f in errors:
        if any(matches(f, p) for p in problems):
            s.true += 1
        else:
            s.false.append(f)
    raised = [f for f in report.findings if f.severity is not Severity.INFO]
    for p in problems:
        if any(matches(f, p) for f in raised):
            s.found.append(p["id"])
        elif p.get("checkable", True):
            s.missed.append((p["id"], p.get("what", "")))
    return s


def _on_page(f, starts: list[int]):
    if f.source.line is None or f.source.page is not None:
        return f
    return replace(f, source=f.source.at(page=bisect_right(starts, f.source.line)))


def checkable(note: dict | None) -> int:
    return sum(p.get("checkable", True) for p in (note or {}).get("problem", ()))


# --- the board -------------------------------------------------------------------------------------
def _mark(ok: bool | None) -> str:
    return "·" if ok is None else "✓" if ok else "✗"


def board(folder: Path, annotations: Path = ANNOTATIONS, texts: bool = True) -> list[tuple[Score, dict | None]]:
    out = []
    for doc in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() != ".md"):
        note = annotation(doc, annotations)
        for layout, path in variants(doc, texts):
            out.append((score(path, layout, note, doc.name), note))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    ap.add_argument("--details", action="store_true", help="list every false error and every missed problem")
    ap.add_argument("--no-text", action="store_true", help="read the files only, not the texts extracted from PDFs")
    args = ap.parse_args()
    rows = board(args.folder, args.annotations, not args.no_text)
    head = f"{'document':46} {'layout':17} exit tables  U Y K  placed      R  identities    errors true false  found"
    print(head)
    print("-" * len(head))
    totals = Counter()
    for s, note in rows:
        name = s.document[:46]
        holds = f"{s.checked - s.failed}/{s.checked}" + (f" -{s.skipped}" if s.skipped else "")
        tables = f"{s.tables[0]}/{s.tables[1]}" + (f"+{s.extra_tables}" if s.extra_tables else "")
        found = f"{checkable(note) - len(s.missed)}/{checkable(note)}" if note else "·"
        print(f"{name:46} {s.layout:17} {s.exit:>4} {tables:7} {_mark(s.unit)} {_mark(s.year)} {_mark(s.kind)} "
              f"{s.placed[0]:>5}/{s.placed[1]:<5} {s.reading:>3}  {holds:12} {s.errors:>6} {s.true:>4} "
              f"{len(s.false):>5}  {found}")
        if note:
            totals["annotated"] += checkable(note)
            totals["found"] += checkable(note) - len(s.missed)
        totals["false"] += len(s.false)
        totals["docs"] += 1
        totals["read"] += s.exit == 0
    print("-" * len(head))
    share = f"{100 * totals['found'] / totals['annotated']:.0f}%" if totals["annotated"] else "–"
    print(f"{totals['read']}/{totals['docs']} read; annotated problems found {totals['found']}/{totals['annotated']} "
          f"({share}); false error findings {totals['false']}")
    if args.details:
        for s, _ in rows:
            for f in s.false:
                print(f"FALSE  {s.document} [{s.layout}] {f.source}: [{f.code}] {f.message}")
            for pid, what in s.missed:
                print(f"MISSED {s.document} [{s.layout}] {pid}: {what[:160]}")
            if s.message:
                print(f"UNREAD {s.document} [{s.layout}] {s.message}")


if __name__ == "__main__":
    main()

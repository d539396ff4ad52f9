"""The bytes of every page the import makes, for comparing two versions of the code: the parts the
worker makes (``web/parts.read_parts``) of the five seeds, the corpus files and ten copies of the
seeds, and every kept part and anonymous page after importing those files and 60 copies into a fresh
store (gzip undone: the compression level does not change what a visitor sees).

    .venv/bin/python bench/pages_snapshot.py DIR      # then: diff -r DIR_BEFORE DIR_AFTER
"""
from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from copies import make_copies  # noqa: E402


def main() -> None:
    from sqlalchemy import select

    from yusuan.batch import load, run
    from yusuan.store import portal as t
    from yusuan.store import schema as s
    from yusuan.store.engine import open_store
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="yusuan-snapshot-"))
    try:
        files = sorted((ROOT / "examples" / "disclosures").glob("*.txt")) + sorted(
            p for p in (ROOT / "examples" / "corpus").iterdir() if p.name != "README.md")
        copies = make_copies(60, work / "files")
        digest = {}
        for p in files + copies[:10]:
            item = load(str(p))
            digest[f"parts-{p.name}"] = "none" if not item.pages else "made"
            for part, body in item.pages:
                name = f"parts-{p.name}-{part}"
                (out / name).write_bytes(gzip.decompress(body))
                digest[name] = hashlib.sha256(gzip.decompress(body)).hexdigest()
        for p in files:
            shutil.copy(p, work / "files" / p.name)
        engine = open_store(str(work / "s.db"))
        run([work / "files"], engine, jobs=1, progress=False)
        c, b, u = t.page_cache.c, s.budgets.c, s.units.c
        with engine.connect() as conn:
            rows = conn.execute(select(u.code, b.year, b.kind, b.version, c.part, c.body).select_from(
                t.page_cache.join(s.budgets, s.budgets.c.id == c.budget_id).join(s.units, s.units.c.id == b.unit_id)))
            for r in rows:
                name = f"kept-{r.code}-{r.year}-{r.kind}-{r.version}-{r.part}"
                (out / name).write_bytes(gzip.decompress(r.body))
                digest[name] = hashlib.sha256(gzip.decompress(r.body)).hexdigest()
        engine.dispose()
        (out / "DIGEST.json").write_text(json.dumps(digest, indent=1, sort_keys=True))
        print(f"{len(digest)} entries, {sum(k.endswith('-page') for k in digest)} pages: {out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""A unit's budget page for a year, made from the store: this version's kept parts (web/parts.py,
kept by web/kept.py: the package and the figures), and what other years add to it ("三公" over the
years, last year's budget), asked of the store each time the page is made."""
from __future__ import annotations

from decimal import Decimal

from fastapi import HTTPException
from sqlalchemy.engine import Engine

from ..store.query import BudgetRef, StoredBudget, StoredUnit
from . import data, kept
from .charts import Item, bars, money, treemap
from .pages import ENV, KIND_WORDS
from .parts import Figures


def title(unit: StoredUnit, ref: BudgetRef) -> str:
    return f"{unit.name or unit.code} {ref.year}年{KIND_WORDS.get(ref.kind, ref.kind)}"


def _drill(fig: Figures, fn: str, base: str):
    rows = fig.rows
    level = len(fn) + 2 if fn else 3
    items = [Item(code, name, total or Decimal(0),
                  f"{base}?fn={code}#function" if level < 7 and any(
                      c.startswith(code) and len(c) == level + 2 for c in rows) else None)
             for code, (name, total) in rows.items()
             if len(code) == level and code.startswith(fn) and total is not None]
    trail = [("全部", f"{base}#function")] + [(f"{c} {rows[c][0]}" if c in rows else c, f"{base}?fn={c}#function")
                                             for c in (fn[:3], fn[:5]) if fn and len(c) <= len(fn)]
    return items, trail


def _charts(unit: StoredUnit, ref: BudgetRef, fig: Figures, fn: str, three, old) -> dict:
    """The charts and their tables; ``fn``: the 类 or 款 drilled into (404 when it has nothing);
    ``three``: data.series of "三公"; ``old``: last year's budget's figure rows (None: none)."""
    word = ref.amount_unit or "万元"
    items, trail = _drill(fig, fn, f"/units/{unit.code}/{ref.year}")
    if fn and not items:
        raise HTTPException(404)
    rows = fig.rows
    printed = rows.get(fn, ("", None))[1] if fn else fig.whole.get("total")
    total = printed if printed is not None else sum((i.amount for i in items), Decimal(0))  # as printed: a 尾差 stays
    level = {3: "类", 5: "款", 7: "项"}.get(len(fn) + 2 if fn else 3, "")
    split = [("基本支出", fig.whole.get("basic")), ("项目支出", fig.whole.get("project"))]
    pairs = []
    if old is not None:
        for code, (name, new) in rows.items():
            if len(code) == 3:
                pairs.append((code, name, old.get(code, (name, None))[1], new))
        for code, (name, was) in old.items():
            if len(code) == 3 and code not in rows:
                pairs.append((code, name, was, None))
    return {
        "unit_word": word, "level": level, "trail": trail, "fn": fn,
        "treemap": treemap(items, word, f"按功能分类的支出（{level}）"),
        "items": [(i, i.amount * 100 / total if total else None) for i in sorted(items, key=lambda i: -i.amount)],
        "total": total, "split": split,
        "split_chart": bars(split, word, "基本支出与项目支出") if any(v is not None for _, v in split) else "",
        "three": three, "three_chart": bars([(f"{y}年", v) for y, v in three], word, "“三公”经费各年预算数"),
        "prior_year": ref.year - 1 if ref.year else None, "pairs": pairs,
        "pairs_chart": bars([(f"{n}（{ref.year - 1}年）" if k == 0 else f"{n}（{ref.year}年）", v)
                             for _, n, old, new in pairs for k, v in ((0, old), (1, new))], word,
                            "本年与上年按功能分类的支出") if pairs else "",
    }


def has_prior(ref: BudgetRef) -> bool:
    """Whether the page compares this budget with last year's 预算."""
    return bool(ref.year) and ref.kind == "budget"


def render_main(unit: StoredUnit, ref: BudgetRef, got: dict[str, str], three, old, fn: str = "") -> str:
    """The page's content from what it shows: ``got`` the version's kept package and figures, the
    rest as _charts takes it."""
    fig = Figures.from_json(got["figures"])
    charts = _charts(unit, ref, fig, fn, three, old)
    b = StoredBudget(unit, ref, (), tuple(fig.counts.items()))  # what the heading shows: no facts needed
    return ENV.get_template("budget_main.html").render(
        b=b, kind_word=KIND_WORDS.get(ref.kind, ref.kind), counts=fig.counts, package=got["package"], money=money,
        **charts)


def main_html(engine: Engine, unit: StoredUnit, ref: BudgetRef, fn: str = "", memory=None) -> str:
    """The page's content (the same for every visitor); ``memory``: a pages.Cache to look in first."""
    key = ("page", ref.id, fn)  # a stored budget does not change (a new document is a new version)
    found = memory.get(key) if memory is not None else None
    if found is not None:
        return found
    got = kept.parts(engine, unit, ref, ("package", "figures"))
    with engine.connect() as conn:
        three = data.series(conn, unit, "three_public", "total")
        prior = data.find(conn, unit.code, ref.year - 1, "budget") if has_prior(ref) else None
    old = Figures.from_json(kept.parts(engine, *prior, ("figures",))["figures"]).rows if prior else None
    main = render_main(unit, ref, got, three, old, fn)
    if memory is not None:
        memory.put(key, main)
    return main


def render_page(unit: StoredUnit, ref: BudgetRef, main: str) -> str:
    """/units/{code}/{year} as a visitor without a session sees it (pages.render_page without a user)."""
    return ENV.get_template("budget.html").render(user=None, csrf_token="", path=f"/units/{unit.code}/{ref.year}",
                                                  title=title(unit, ref), main=main)


def anonymous_page(engine: Engine, unit: StoredUnit, ref: BudgetRef) -> str:
    return render_page(unit, ref, main_html(engine, unit, ref))

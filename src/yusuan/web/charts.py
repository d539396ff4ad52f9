"""Charts drawn on the server as SVG: no script, nothing fetched, readable without colour.

- ``treemap``: spending by 功能分类 (类 → 款 → 项), each box a link one level down (a keyboard
  reaches every link; each box has a ``<title>``); the page prints the same figures in a table.
- ``bars``: labelled horizontal bars (基本 vs 项目, "三公" by year, this year against last).

Amounts are exact Decimals; only the geometry is approximate (boxes are drawn to 0.1 pixel).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

PALETTE = ("#2f6f9f", "#c8553d", "#4f8a3c", "#8c5fa8", "#d19a2a", "#3b8e8c", "#a23b72", "#6b6b6b", "#5a7bd8",
           "#b5651d")


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    amount: Decimal
    href: str | None = None  # the next level down


def _worst(row: list[Decimal], side: Decimal) -> Decimal:
    total = sum(row)
    if total <= 0 or side <= 0:
        return Decimal("Infinity")
    return max(max(side * side * r / (total * total), total * total / (side * side * r)) for r in row if r > 0)


def squarify(values: list[Decimal], x: Decimal, y: Decimal, w: Decimal, h: Decimal) -> list[tuple[Decimal, ...]]:
    """Boxes (x, y, w, h) of areas proportional to ``values`` (sorted largest first), filling the
    rectangle in rows that keep the boxes near square (Bruls, Huizing, van Wijk 2000)."""
    total = sum(values)
    if total <= 0:
        return [(x, y, Decimal(0), Decimal(0)) for _ in values]
    scale = w * h / total
    areas = [v * scale for v in values]
    out: list[tuple[Decimal, ...]] = []
    i = 0
    while i < len(areas):
        side = min(w, h)
        row = [areas[i]]
        i += 1
        while i < len(areas) and _worst(row + [areas[i]], side) <= _worst(row, side):
            row.append(areas[i])
            i += 1
        s = sum(row)
        if w >= h:  # a column at the left
            cw = s / h if h else Decimal(0)
            yy = y
            for a in row:
                bh = a / cw if cw else Decimal(0)
                out.append((x, yy, cw, bh))
                yy += bh
            x, w = x + cw, w - cw
        else:  # a row at the top
            rh = s / w if w else Decimal(0)
            xx = x
            for a in row:
                bw = a / rh if rh else Decimal(0)
                out.append((xx, y, bw, rh))
                xx += bw
            y, h = y + rh, h - rh
    return out


def _n(v: Decimal) -> str:
    return f"{v:.1f}"


def money(v: Decimal | None) -> str:
    return "" if v is None else f"{v:,}"


def amount(text: str | None) -> str:
    """A stored amount's exact text with thousands separators (a lost value stays #####)."""
    if not text:
        return ""
    try:
        return f"{Decimal(text):,}"
    except ArithmeticError:
        return text


def treemap(items: list[Item], unit: str, label: str, width: int = 960, height: int = 420) -> str:
    shown = sorted((i for i in items if i.amount > 0), key=lambda i: (-i.amount, i.code))
    if not shown:
        return '<p class="empty">没有可绘制的支出数。</p>'
    total = sum(i.amount for i in shown)
    boxes = squarify([i.amount for i in shown], Decimal(0), Decimal(0), Decimal(width), Decimal(height))
    parts = []
    for n, (item, (x, y, w, h)) in enumerate(zip(shown, boxes)):
        share = item.amount * 100 / total
        tip = f"{item.code} {item.name}：{money(item.amount)} {unit}（{share:.1f}%）"
        text = ""
        if w > 60 and h > 34:
            fits = max(1, int(w / 14))
            name = item.name if len(item.name) <= fits else item.name[:max(1, fits - 1)] + "…"
            text = (f'<text x="{_n(x + 6)}" y="{_n(y + 18)}">{escape(name)}</text>'
                    f'<text x="{_n(x + 6)}" y="{_n(y + 34)}" class="amount">{escape(money(item.amount))}</text>')
        box = (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{PALETTE[n % len(PALETTE)]}">'
               f'<title>{escape(tip)}</title></rect>{text}')
        if item.href:
            box = f'<a href="{escape(item.href)}" aria-label="{escape(tip)}，查看下一级">{box}</a>'
        else:
            box = f'<g role="img" aria-label="{escape(tip)}">{box}</g>'
        parts.append(box)
    return (f'<svg class="treemap" viewBox="0 0 {width} {height}" role="group" aria-label="{escape(label)}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def bars(rows: list[tuple[str, Decimal | None]], unit: str, label: str, width: int = 640) -> str:
    """Horizontal bars, one per (label, amount); a missing amount is said, not drawn as zero."""
    if not rows:
        return '<p class="empty">没有数据。</p>'
    top = max((v for _, v in rows if v is not None and v > 0), default=Decimal(0))
    left, bar_h, gap = 190, 22, 10
    height = len(rows) * (bar_h + gap) + gap
    room = Decimal(width - left - 150)
    parts = []
    for n, (name, v) in enumerate(rows):
        y = gap + n * (bar_h + gap)
        w = (v * room / top) if v is not None and v > 0 and top > 0 else Decimal(0)
        shown = f"{money(v)} {unit}" if v is not None else "库中无此数"
        parts.append(f'<g role="img" aria-label="{escape(name)}：{escape(shown)}">'
                     f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(name)}</text>'
                     f'<rect x="{left}" y="{y}" width="{_n(w)}" height="{bar_h}" fill="{PALETTE[n % len(PALETTE)]}"/>'
                     f'<text x="{_n(left + w + 6)}" y="{y + 16}" class="amount">{escape(shown)}</text></g>')
    return (f'<svg class="bars" viewBox="0 0 {width} {height}" role="group" aria-label="{escape(label)}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')

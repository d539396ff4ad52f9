"""Narrative (情况说明) → sections and numeric claims.

Sections are found by their numbering (第一部分, 一、, （一）). A claim is a number stated with
its unit (万元, %, 辆) and what it refers to: the words just before it in its clause, or, for
a change ("比2025年增加112.54万元") or a share ("占40.88%"), the subject of the amount it
follows. The checker compares these with the tables.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import Decimal

from ..catalog.vocabulary import squash
from ..model import Claim, Section, Source, parse_amount
from .lines import Line

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_TOC = re.compile(r"^[-－—]\s")
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)(万元|亿元|元|%|％|辆|台|个)")
_CHANGE = re.compile(r"(增加|减少|下降|增长|上升|降低|持平)$")
_COMPARE = re.compile(r"(?:比|较|与)(\d{4}年|上年|去年)")
_LEAD = re.compile(r"^(其中|主要是|主要用于|包括|分别是|即|共|合计为|为)+")
_YEAR_LEAD = re.compile(r"^(我单位|本单位|本部门)?\d{4}年(度)?(年初预算数)?")
_CLAUSE_END = "，,；;。：:、"
_SPACES = re.compile(r"\s+")
# a passage about one fund opens with its name and 财政拨款 (“2024年国有资本经营预算财政拨款收入…”)
_FUND = re.compile(r"(一般公共预算|国有资本经营预算|政府性基金预算)财政拨款")
_FUNDS = {"一般公共预算": "general_budget", "国有资本经营预算": "soe", "政府性基金预算": "gov_fund"}


def read_narrative(lines: list[Line], file: str, year: int | None, refine=None):
    """Sections and claims. ``refine(stream, file, section, title, claims)`` may rewrite the claims
    of each section (the 决算 reader gives them codes and adds what the generic reading misses)."""
    sections: list[Section] = []
    claims: list[Claim] = []
    current: dict | None = None
    stream: list[tuple[str, int]] = []  # (text, line) of the section being read

    def close():
        if current is None:
            return
        text = "".join(t for t, _ in stream)
        if not current["number"] and not current["title"]:  # the lines before the first heading: from its prose
            current["line"] = next((no for t, no in stream if _PROSE.search(t)), None)
            if current["line"] is None:
                return  # a cover's title, a date: no prose
        sections.append(Section(current["number"], current["title"], text, current["level"],
                                Source(file, current["line"])))
        found = _claims(stream, file, current["number"] + current["title"], current["title"], year)
        claims.extend(refine(stream, file, current["number"] + current["title"], current["title"], found)
                      if refine else found)

    for raw, no in _paragraph_lines(_without_contents(lines)):
        t = squash(raw)
        if not t or _TOC.match(raw):
            continue
        m = _PART.match(t) or _H1.match(t) or _H2.match(t)
        if m is None and current is not None and not current["title"] and not stream and len(t) <= 40 \
                and not _NUM.search(t):
            current["title"] = t.rstrip("。")  # the number alone on its line, the title on the next (（二） / “三公”…说明。)
            continue
        named = m is None and len(t) <= 34 and _NAMED.fullmatch(t) is not None  # (at most 30 + a 4-character word)
        if m or named:
            close()
            level = 0 if named or _PART.match(t) else 1 if _H1.match(t) else 2
            m = _NO_NUMBER if named else m
            rest = t[m.end():]
            spaced = _SPACED_TITLE.match(raw[len(raw) - len(raw.lstrip()):][_skip(raw, m.group()):])
            cut = min((i for i in (rest.find("。"), rest.find("："), rest.find(":")) if i >= 0), default=-1)
            if spaced and (len(rest) > 20 or re.search(r"[\d。，]", spaced.group(2))):  # the title ends at the space
                title, body = spaced.group(1), squash(spaced.group(2))
            else:
                # the text after the title keeps its first mark (“主要原因是。其中…” must still show the 。)
                title, body = (rest[:cut], rest[cut:].lstrip("：:")) if cut >= 0 and (len(rest) > 20 or len(rest) - cut > 6) \
                    else (rest, "")  # (a heading wrapped just after its colon: 四、其他收入：指单位取得的…)
            current = {"number": m.group(), "title": title.rstrip("。"), "level": level, "line": no}
            said = rest if _NUM.search(title) else body  # a numbered paragraph states its amounts in its first words
            stream = [(said, no)] if said else []
            continue
        if current is None:  # prose before any heading (a short 说明 with no numbered parts): a section too
            current = {"number": "", "title": "", "level": 0, "line": no}
        stream.append((_SPACES.sub("", raw), no))
    close()
    return sections, claims


# an unnumbered heading: “××（部门）主要职能”, “名词解释”, “2024年部门预算编制说明”, “项目经费情况说明”
_NAMED = re.compile(r"[^，。；：:,]{0,30}(主要职能|职能职责|机构设置|名词解释|编制说明|情况说明|概况)")
_NO_NUMBER = re.compile("^").match("")
_SPACED_TITLE = re.compile(r"\s*(\S{2,30})\s+(\S.*)$")  # a heading's title, a space, then its text
_PROSE = re.compile(r"[，。；]")
# a heading printed inside a long line (a web page's text is one line): 一、 （二） after a sentence or a space
_INLINE = re.compile(r"(?<=[。；：:！？\s])\s*(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])\s*\S)")


def _skip(raw: str, number: str) -> int:
    """Where the heading's number ends in the printed line (spaces may sit inside it)."""
    seen = 0
    for i, ch in enumerate(raw):
        if not ch.isspace():
            seen += 1
        if seen == len(number):
            return i + 1
    return 0


def _paragraph_lines(lines: list[Line]) -> list[tuple[str, int]]:
    """(text, line number) of each printed line; a very long line (a web page's whole text) is cut
    where a numbered heading starts inside it."""
    out = []
    for ln in lines:
        raw = (ln.raw or ln.text).strip()
        if len(raw) > 200:
            out.extend((piece.strip(), ln.no) for piece in _INLINE.split(raw) if piece.strip())
        else:
            out.append((raw, ln.no))
    return out


_LEADERS = re.compile(r"[…．.·\-—－\s\d]+$")
_LEADER = re.compile(r"(…|\.{3}|·{3}|．{3})")


def _without_contents(lines: list[Line]) -> list[Line]:
    """The lines without a table of contents: after a 目录 line, its entries printed with dot
    leaders; or, without leaders, the entries up to the first one printed again (the body's
    heading) or the first sentence. They are not sections."""
    texts = [squash(ln.text) for ln in lines]  # (each line squashed once: most stories are looked through twice)
    start = texts.index("目录") if "目录" in texts else None
    if start is None and "目" in texts:  # 目 and 录 spaced apart, each on its line (the text of a PDF's centred 目　录)
        start = next((k for k, t in enumerate(texts)
                      if t == "目" and next((x for x in texts[k + 1:k + 4] if x), "") == "录"), None)
        if start is not None:
            start = texts.index("录", start + 1)
    if start is None:
        return lines
    entries = [k for k in range(start + 1, len(lines)) if texts[k]]
    if sum(bool(_LEADER.search(lines[k].text)) for k in entries[:3]) >= 2:
        end = next((k for k in entries if not _LEADER.search(lines[k].text)), len(lines))
        return lines[:start] + lines[end:]
    listed: set[str] = set()
    for n, k in enumerate(entries):
        t = _LEADERS.sub("", texts[k])
        if not t:
            continue  # dot leaders on a line of their own (pdftotext): part of the entry above
        after = _LEADERS.sub("", texts[entries[n + 1]]) if n + 1 < len(entries) else ""
        if t in listed or t + after in listed or _listed_heading(t, listed):
            return lines[:start] + lines[k:]  # (the body's heading may put its number on a line of its own)
        if len(re.findall(r"[，。；,;:：、]", t)) >= 2 or len(t) > 45:  # a paragraph: the line above is its heading
            return lines[:start] + lines[entries[n - 1] if n else k:]
        listed.add(t)
    return lines


def _listed_heading(text: str, listed: set[str]) -> bool:
    """An unnumbered heading (“××（单位）主要职能”) of a section the contents listed in other words
    (“一、单位主要职能”): the body's first heading, where the unit's name stands for its kind."""
    m = _NAMED.fullmatch(text) if len(text) <= 34 else None
    return m is not None and any(entry.endswith(m.group(1)) for entry in listed)


def _claims(stream: list[tuple[str, int]], file: str, section: str, title: str, year: int | None) -> list[Claim]:
    text = ""
    starts: list[tuple[int, int]] = []
    for piece, no in stream:
        starts.append((len(text), no))
        text += piece
    numbers = list(_NUM.finditer(text))
    if not numbers:  # (most sections state none: the passes below would find ends no number needs)
        return []
    out: list[Claim] = []
    last_subject = title
    lines_at = [pos for pos, _ in starts]
    # the funds named in the text, by where each name ends: the last one before an amount is its fund
    # (the names are literals none of which holds another, so those in the text before the amount
    # are the ones a search of that text alone finds)
    funds = [(f.end(), _FUNDS[f.group(1)]) for f in _FUND.finditer(text)]
    fund_ends = [end for end, _ in funds]
    # where each clause and each sentence ends, in one pass: each number's clause and sentence by bisection
    clause_ends = [e.start() for e in _CLAUSE_ENDS.finditer(text)]
    sentence_ends = [e.start() for e in SENTENCE_ENDS.finditer(text)]
    for m in numbers:
        value = parse_amount(m.group(1))
        if value is None:
            continue
        unit = "%" if m.group(2) in ("%", "％") else m.group(2)
        at = m.start()
        cut = last_before(clause_ends, at)
        clause = text[cut + 1:at]
        inner = list(_INNER.finditer(clause)) if "（" in clause or "(" in clause else ()  # (_INNER's bracket)
        if inner and not _CLOSE.search(clause, inner[-1].end()):
            clause = clause[inner[-1].end():]  # “接待支出0.39万元（含外宾接待支出0.00万元）”: the part's own words
        line = starts[bisect_right(lines_at, at) - 1][1] if starts else None
        change = _CHANGE.search(clause)
        compare = _COMPARE.search(clause)
        sentence_start = last_before(sentence_ends, at)
        k = bisect_left(sentence_ends, m.end())
        sentence = text[sentence_start + 1:sentence_ends[k] if k < len(sentence_ends) else len(text)]
        if not compare:
            compare = _COMPARE.search(text[sentence_start + 1:at])
        subject = _subject(clause[:change.start()] if change else clause)
        kind = "amount"
        if unit == "%":
            kind = "percent"
        elif unit in ("辆", "台", "个"):
            kind = "count"
        if change:
            kind = "change" if unit != "%" else "percent"
        if not subject or _NO_SUBJECT.fullmatch(subject):
            subject = last_subject
        else:
            last_subject = subject if kind == "amount" else last_subject
        k = bisect_right(fund_ends, at)
        out.append(Claim(value, unit, subject, clause + m.group(), Source(file, line), kind,
                         change.group() if change else None, _year_of(compare, year), section, sentence,
                         funds[k - 1][1] if k else None))
    return out


def last_before(ends: list[int], at: int) -> int:
    """The last of the sorted positions ``ends`` before ``at``, -1 when none is (as str.rfind)."""
    k = bisect_left(ends, at)
    return ends[k - 1] if k else -1


_CLAUSE_ENDS = re.compile(f"[{_CLAUSE_END}]")
SENTENCE_ENDS = re.compile("[。；;]")  # (final_narrative.py too)
_INNER = re.compile(r"[（(](?:含|其中[:：]?|包括)")
_CLOSE = re.compile(r"[）)]")
_NO_SUBJECT = re.compile(r"(比|较|与)?(\d{4}年|上年|去年)?(增加|减少|下降|增长|上升|降低|持平)?|占")


def _year_of(compare, year: int | None) -> int | None:
    if not compare:
        return None
    word = compare.group(1)
    return int(word[:4]) if word[:4].isdigit() else (year - 1 if year else None)


def _subject(clause: str) -> str:
    # (each pattern only where it can match: most clauses hold no year and end in no verb)
    s = _YEAR_LEAD.sub("", _BEFORE_YEAR.sub("", _COMPARE.sub("", clause))) if "年" in clause else clause
    s = _LEAD.sub("", s)
    s = _REASON.sub("", s).replace("“", "").replace("”", "").replace('"', "")
    s = _VERB_END.sub("", s) if s.endswith(_VERB_LAST) else s
    s = _LEAD_WORD.sub("", s)
    return s.strip("“”\"") if s not in ("占", "") else ""


_BEFORE_YEAR = re.compile(r"^\S*?(?=\d{4}年)")
_REASON = re.compile(r"^主要原因[是为]")
_VERB_END = re.compile(r"(预算|年初预算)?(为|是|约|达|共计|安排|预算数为)$")
_VERB_LAST = ("为", "是", "约", "达", "计", "排")  # the last characters of _VERB_END's verbs
_LEAD_WORD = re.compile(r"^(其中|主要是|主要用于)")


def total_of(claims, subject: str) -> Decimal | None:
    """The first amount claimed for a subject (helper for tests and the checker)."""
    return next((c.amount for c in claims if c.kind == "amount" and c.subject == subject), None)

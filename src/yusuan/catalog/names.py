"""Normalisation of classification names as printed in disclosures."""

from __future__ import annotations

import re

_NUMERALS = "一二三四五六七八九十百零〇"
# Row labels carry ordinals ("一、", "二十四、", "（八）", "1.") and level markers ("（类）");
# neither is part of the catalogue name.
_ORDINAL = re.compile(rf"^(?:[{_NUMERALS}]+[、．.]|（[{_NUMERALS}\d]+）|\d+[、．.](?!\d))")
_LEVEL_MARK = re.compile(r"（[类款项]）")
_SPACE = re.compile(r"\s+")  # str patterns match Unicode whitespace, U+3000 included


def normalize_name(name: str) -> str:
    """Canonical form used for every name comparison in the catalog."""
    s = _SPACE.sub("", name).replace("(", "（").replace(")", "）")
    s = _LEVEL_MARK.sub("", s)
    while (stripped := _ORDINAL.sub("", s, count=1)) != s:
        s = stripped
    return s


# A class's name as a narrative writes it before its level (“政府办公厅（室）及相关机构事务（款）”): no digit
# nor punctuation between the links of a chain, but a short bracket of its own that is no level mark.
LINKED_NAME = r"(?:[^\d，,。；;：:、（）()“”\"|]|[（(](?![类款项][）)])[^\d（）()，。]{1,4}[）)])+?"

"""The cyclic garbage collector paused for one stage's work on one document.

Reading and checking make tens of thousands of short-lived records (rows, cells, sources, ledger
entries, derived amounts) and few reference cycles, so the collector, triggered by allocations, only
walks them in vain (over the seeds: a hundred collections per 25 reads, nothing collected; ~7% of a
read's time); worse, a collection also walks every document the caller still holds (a batch of checked
documents, a benchmark's rounds: a quarter of a check's time). It is paused for the stage and resumed after, also on an
error; a nested pause leaves it to the outer one. What cycles the stage left are collected later as
usual.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    was = gc.isenabled()
    if was:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

"""The one clock of hanvisning. Rules take ``tid``; when a caller has none it asks ``nu()`` here.

Tests (including the Playwright test, whose live server runs in the test's process) pin it with
``fast_tid(...)``; everything else gets ``timezone.now()``.
"""
from __future__ import annotations

import contextlib
import datetime

from django.utils import timezone

_fast: datetime.datetime | None = None


def nu() -> datetime.datetime:
    return _fast if _fast is not None else timezone.now()


@contextlib.contextmanager
def fast_tid(tid: datetime.datetime):
    """Pin the clock (an aware datetime) inside the block."""
    global _fast
    if timezone.is_naive(tid):
        raise ValueError("fast_tid needs an aware datetime")
    tidigare, _fast = _fast, tid
    try:
        yield tid
    finally:
        _fast = tidigare

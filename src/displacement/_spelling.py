"""Private: the nearest spelling among candidates, for "did you mean" hints in errors.

A typo (a swap of neighbours, an extra, missing or wrong letter) counts 1, so ``KZA`` finds
``KAZ`` and ``SO2410`` finds ``SO2401``; only candidates that can be that close are measured.
A hint that must not guess asks for a unique nearest candidate (``closest(..., unique=True)``).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

__all__ = ["closest", "distance"]


def distance(a: str, b: str) -> float:
    """Typo distance: a swap of neighbours, an extra letter or a substitution counts 1."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        ):
            return 1.0
        return float(len(diff)) + (1 - difflib.SequenceMatcher(None, a, b).ratio())
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    ):
        return 1.0
    return len(a) + len(b) + (1 - difflib.SequenceMatcher(None, a, b).ratio())


def closest(key: str, candidates: Collection[str], *, unique: bool = False) -> str | None:
    """The candidate closest to *key* by `distance`, if within ``max(2, len(key) / 2)``; else None.

    Only a candidate of the same length with that few differing letters, or one letter longer or
    shorter, can be that close (any other is at least ``len(a) + len(b)`` away), so only those are
    measured: the search is cheap for any key. Of candidates equally close, the first in
    alphabetical order wins; with *unique*, a tie gives None instead, for hints where a guess
    would be worse than none (``CHD`` is one letter from ``CHE``, ``CHL``, ``CHN``... and names
    none of them).
    """
    limit = max(2.0, len(key) / 2)
    near = [
        c
        for c in candidates
        if (len(c) == len(key) and sum(x != y for x, y in zip(c, key, strict=True)) <= limit)
        or abs(len(c) - len(key)) == 1
    ]
    ranked = sorted((distance(key, c), c) for c in near)
    if not ranked or ranked[0][0] > limit:
        return None
    if unique and len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return None
    return ranked[0][1]

"""How far assessors agree: percentage agreement and Fleiss' kappa (Fleiss 1971), with no database."""
from collections import Counter
from collections.abc import Hashable, Sequence


def pair_agreement(ratings: Sequence[Hashable]) -> float | None:
    """The share of pairs of assessors who gave the same score to one standard (None with fewer than 2)."""
    n = len(ratings)
    if n < 2:
        return None
    return sum(c * (c - 1) for c in Counter(ratings).values()) / (n * (n - 1))


def percentage_agreement(subjects: Sequence[Sequence[Hashable]]) -> float | None:
    """Mean pair agreement over the standards that at least two assessors scored, as a percentage."""
    values = [a for a in (pair_agreement(r) for r in subjects) if a is not None]
    return 100 * sum(values) / len(values) if values else None


def fleiss_kappa(subjects: Sequence[Sequence[Hashable]]) -> float | None:
    """Fleiss' kappa over subjects (standards) each rated by the same number of raters (assessors).

    Subjects rated by fewer raters than the most common number are left out. None when it is undefined:
    fewer than 2 raters, or every rating in one category (agreement by chance is then certain).
    """
    if not subjects:
        return None
    raters = Counter(len(r) for r in subjects).most_common(1)[0][0]
    rows = [Counter(r) for r in subjects if len(r) == raters]
    if raters < 2 or not rows:
        return None
    total = len(rows) * raters
    p_bar = sum(sum(c * (c - 1) for c in row.values()) / (raters * (raters - 1)) for row in rows) / len(rows)
    categories = Counter()
    for row in rows:
        categories.update(row)
    p_e = sum((count / total) ** 2 for count in categories.values())
    if p_e == 1:
        return None
    return (p_bar - p_e) / (1 - p_e)

import pytest

from accreditation.review.agreement import fleiss_kappa, pair_agreement, percentage_agreement


def subjects_from_counts(table):
    """Rows of counts per category (as printed in papers) to lists of ratings."""
    return [[category for category, count in enumerate(row) for _ in range(count)] for row in table]


# Fleiss (1971) as worked on the Wikipedia page "Fleiss' kappa": 10 subjects, 14 raters, 5 categories.
WORKED = subjects_from_counts([
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
])


def test_fleiss_kappa_matches_the_worked_example():
    assert fleiss_kappa(WORKED) == pytest.approx(0.210, abs=0.0005)
    assert percentage_agreement(WORKED) == pytest.approx(37.8, abs=0.05)  # P-bar = 0.378


def test_a_worked_example_with_three_assessors_and_disagreement():
    # 3 standards, 3 assessors: full agreement, a 2-1 split, a 2-1 split.
    subjects = [["met", "met", "met"], ["met", "met", "not_met"], ["not_met", "not_met", "met"]]
    # P_i = 1, 1/3, 1/3 -> P-bar = 5/9; p(met) = 6/9, p(not_met) = 3/9 -> Pe = 5/9: no better than chance
    assert fleiss_kappa(subjects) == pytest.approx(0.0)
    assert percentage_agreement(subjects) == pytest.approx(100 * 5 / 9)


def test_complete_agreement_over_categories_is_one_and_one_category_is_undefined():
    assert fleiss_kappa([["met", "met"], ["not_met", "not_met"]]) == pytest.approx(1.0)
    assert fleiss_kappa([["met", "met"], ["met", "met"]]) is None
    assert percentage_agreement([["met", "met"], ["met", "met"]]) == 100


def test_too_few_raters():
    assert pair_agreement(["met"]) is None
    assert fleiss_kappa([["met"], ["not_met"]]) is None
    assert fleiss_kappa([]) is None

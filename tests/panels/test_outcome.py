import pytest

from accreditation.panels.outcome import Outcome, Rules, StandardResult, recommended_outcome
from accreditation.standards.models import Tier

E, X, A = Tier.ESSENTIAL, Tier.EXPECTED, Tier.ASPIRATIONAL


def results(*pairs):
    return [StandardResult(tier, score) for tier, score in pairs]


ALL_MET = [(E, "met")] * 8 + [(X, "met")] * 10 + [(A, "met")] * 6


WORKED_CASES = [
    # name, per-standard results, recommended outcome, points, maximum
    ("every standard met", ALL_MET, Outcome.GOLD, 48, 48),
    ("four expected partially met: 44 of 48 is 92%",
     [(E, "met")] * 8 + [(X, "partially_met")] * 4 + [(X, "met")] * 6 + [(A, "met")] * 6, Outcome.GOLD, 44, 48),
    ("six expected partially met: 42 of 48 is 87.5%",
     [(E, "met")] * 8 + [(X, "partially_met")] * 6 + [(X, "met")] * 4 + [(A, "met")] * 6, Outcome.SILVER, 42, 48),
    ("30 of 48 is 62.5%",
     [(E, "met")] * 8 + [(X, "partially_met")] * 10 + [(A, "met")] * 2 + [(A, "not_met")] * 4, Outcome.BRONZE, 30, 48),
    ("26 of 48 is 54%",
     [(E, "met")] * 8 + [(X, "partially_met")] * 10 + [(A, "not_met")] * 6, Outcome.NOT_YET_ACCREDITED, 26, 48),
    ("an essential standard only partially met", [(E, "partially_met")] + ALL_MET[1:], Outcome.NOT_YET_ACCREDITED, 47, 48),
    ("unable to judge counts as not shown",
     [(E, "met")] * 8 + [(X, "unable_to_judge")] * 10 + [(A, "met")] * 6, Outcome.NOT_YET_ACCREDITED, 28, 48),
    ("not applicable is left out of the maximum",
     [(E, "met")] * 8 + [(X, "met")] * 10 + [(A, "met")] * 2 + [(A, None)] * 4, Outcome.GOLD, 40, 40),
]


@pytest.mark.parametrize("name, table, outcome, points, maximum", WORKED_CASES, ids=[c[0] for c in WORKED_CASES])
def test_worked_cases(name, table, outcome, points, maximum):
    computed = recommended_outcome(results(*table))
    assert (computed.outcome, computed.points, computed.maximum) == (outcome, points, maximum)


def test_thresholds_are_configurable():
    strict = Rules(thresholds=((Outcome.GOLD, 1.0), (Outcome.SILVER, 0.95)))
    table = results(*([(E, "met")] * 8 + [(X, "partially_met")] * 2 + [(X, "met")] * 14))
    assert recommended_outcome(table, strict).outcome is Outcome.SILVER
    assert recommended_outcome(table).outcome is Outcome.GOLD

"""The recommended outcome, computed by configurable rules (the panel decides; this only advises).

Defaults from peer programmes (shared/domain.md): per standard Met 2, Partially met 1, Not met 0, not
applicable left out of the maximum (as in PLACE); every essential standard met for any award; the award level
from the share of the maximum score.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from accreditation.enums import LabelledEnum
from accreditation.standards.models import Tier


class Outcome(LabelledEnum):
    GOLD = "gold", _l("Gold")
    SILVER = "silver", _l("Silver")
    BRONZE = "bronze", _l("Bronze")
    DEFERRED = "deferred", _l("Deferred")
    NOT_YET_ACCREDITED = "not_yet_accredited", _l("Not yet accredited")

    @property
    def is_award(self) -> bool:
        return self in (Outcome.GOLD, Outcome.SILVER, Outcome.BRONZE)


@dataclass(frozen=True)
class Rules:
    points: dict[str, int] = field(default_factory=lambda: {"met": 2, "partially_met": 1, "not_met": 0, "unable_to_judge": 0})
    # Lowest share of the maximum score for each award, best first.
    thresholds: tuple[tuple[Outcome, float], ...] = ((Outcome.GOLD, 0.90), (Outcome.SILVER, 0.75), (Outcome.BRONZE, 0.60))


@dataclass(frozen=True)
class StandardResult:
    tier: Tier
    score: str | None  # a Score value; None when the standard does not apply to this team


@dataclass(frozen=True)
class Recommended:
    outcome: Outcome
    points: int
    maximum: int
    essential_not_met: int

    @property
    def share(self) -> float | None:
        return self.points / self.maximum if self.maximum else None


def recommended_outcome(results: Iterable[StandardResult], rules: Rules = Rules()) -> Recommended:
    counted = [r for r in results if r.score is not None]
    top = max(rules.points.values())
    points = sum(rules.points[r.score] for r in counted)
    maximum = top * len(counted)
    essential_not_met = sum(1 for r in counted if r.tier is Tier.ESSENTIAL and rules.points[r.score] < top)
    outcome = Outcome.NOT_YET_ACCREDITED
    if essential_not_met == 0 and maximum:
        outcome = next((award for award, lowest in rules.thresholds if points / maximum >= lowest), outcome)
    return Recommended(outcome, points, maximum, essential_not_met)

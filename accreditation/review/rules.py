"""Who may be on a visit team: the programme's protections, as plain functions (no database, no request)."""
from datetime import date

from flask_babel import lazy_gettext as _l

from accreditation.review.models import AssessorProfile, Perspective


def _day(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def ineligible_reasons(profile: AssessorProfile, team_id: int, visit_on: date) -> list[str]:
    """Why this assessor cannot be on this team's visit on that day; an empty list means they can."""
    reasons = []
    if any(conflict.blocks(team_id, visit_on) for conflict in profile.conflicts):
        reasons.append(_l("Has a conflict of interest with this team"))
    if not any(t.completed_on <= visit_on <= t.expires_on for t in profile.training):
        if profile.training:
            latest = max(t.expires_on for t in profile.training)
            reasons.append(_l("Training not current on the visit date (it ran out on %(date)s)", date=_day(latest)))
        else:
            reasons.append(_l("No training recorded"))
    if any(u.starts_on <= visit_on <= u.ends_on for u in profile.unavailable):
        reasons.append(_l("Not available on %(date)s", date=_day(visit_on)))
    return reasons


def allocation_problems(
    lead: AssessorProfile | None, others: list[AssessorProfile], team_id: int, visit_on: date
) -> list[str]:
    """Everything that breaks the rules for this visit team; an empty list means it may be allocated."""
    if lead is None:
        return [_l("Choose a lead assessor")]
    team = [lead] + [p for p in others if p.person_id != lead.person_id]
    problems = []
    if len(team) < 2:
        problems.append(_l("A visit team needs at least 2 assessors"))
    if lead.perspective is not Perspective.SERVICE_USER:
        problems.append(_l("The lead assessor must be a service user"))
    if 2 * sum(p.perspective.lived_experience for p in team) < len(team):
        problems.append(_l("Service users and carers must be at least half of the visit team"))
    for profile in team:
        for reason in ineligible_reasons(profile, team_id, visit_on):
            problems.append(_l("%(name)s: %(reason)s", name=profile.person.full_name, reason=reason))
    return problems

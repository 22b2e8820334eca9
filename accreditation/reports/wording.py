"""The sentences the letter and the report are made of, written once for the HTML page and the PDF alike.
Each returns plain text (the page escapes it; the PDF marks it up)."""
from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from flask_babel import ngettext

from accreditation.panels.services import APPEAL_WINDOW_DAYS

from accreditation.panels.outcome import Outcome
from accreditation.reports.documents import DecisionDocument


def day(value) -> str:
    return format_date(value, "d MMMM yyyy")


def letter_title(doc: DecisionDocument) -> str:
    return _("Decision letter: %(team)s", team=doc.team)


def report_title(doc: DecisionDocument) -> str:
    return _("Accreditation report: %(team)s", team=doc.team)


def summary_rows(doc: DecisionDocument) -> list[tuple[str, str]]:
    """The report's opening facts, as (label, value)."""
    return [
        (_("Team"), doc.team),
        (_("Organisation"), doc.organisation),
        (_("Directorate"), doc.directorate),
        (_("Standards"), doc.standards),
        (_("Visit"), day(doc.visit_on)),
        (_("Visit team"), visit_team(doc)),
        (_("Outcome"), _("%(outcome)s, decided by the final committee on %(date)s", outcome=doc.outcome.label, date=day(doc.recorded_on))),
        (_("Recommended outcome, computed from the scores"), recommended(doc)),
    ]


def greeting(doc: DecisionDocument) -> str:
    if doc.team_leads:
        return _("Dear %(names)s,", names=", ".join(doc.team_leads))
    return _("Dear colleagues in %(team)s,", team=doc.team)


def amendment(doc: DecisionDocument) -> str | None:
    if doc.amends is None:
        return None
    return _("This decision amends the committee's earlier decision of %(date)s (%(outcome)s). The reason for the amendment: %(reason)s",
             date=day(doc.amends.recorded_on), outcome=doc.amends.outcome, reason=doc.amends.reason)


def decided(doc: DecisionDocument) -> str:
    return _("On %(date)s the final committee decided on the accreditation of %(team)s. The decision is: %(outcome)s.",
             date=day(doc.recorded_on), team=doc.team, outcome=doc.outcome.label)


def what_it_means(doc: DecisionDocument) -> str:
    if doc.outcome.is_award:
        return _("Your team is accredited at the level %(award)s from %(start)s until %(end)s. An interim review is due by %(interim)s.",
                 award=doc.outcome.label, start=day(doc.valid_from), end=day(doc.valid_until), interim=day(doc.interim_review_due))
    if doc.outcome is Outcome.DEFERRED:
        return _("The decision is deferred until %(date)s, to give your team time to show more. After that date the committee decides on what has been provided.",
                 date=day(doc.deferral_deadline))
    return _("Your team is not accredited at this time. You can take part in a new cycle when you are ready.")


def actions(doc: DecisionDocument) -> str:
    count = len(doc.improvement_actions)
    if not count:
        return _("Every standard was met.")
    return ngettext(
        "%(num)d standard was not met or only partially met. It becomes one of your team's improvement actions; the accreditation report lists it with the assessors' finding.",
        "%(num)d standards were not met or only partially met. They become your team's improvement actions; the accreditation report lists them with the assessors' findings.",
        count)


def actions_in_report(doc: DecisionDocument) -> str:
    if not doc.improvement_actions:
        return _("Every standard was met.")
    return _("These standards were not met or only partially met. Each becomes one of the team's improvement actions.")


def appeal(doc: DecisionDocument) -> str:
    return _("If you disagree with this decision, your team may appeal. Send your grounds for appeal to the quality assurance team within %(days)d days, by %(date)s.",
             days=APPEAL_WINDOW_DAYS, date=day(doc.appeal_by))


def recommended(doc: DecisionDocument) -> str:
    share = format_percent(doc.share) if doc.share is not None else "–"
    return _("%(outcome)s: %(points)d of %(maximum)d points (%(share)s); essential standards not met: %(essential)d.",
             outcome=doc.computed.label, points=doc.points, maximum=doc.maximum, share=share, essential=doc.essential_not_met)


def visit_team(doc: DecisionDocument) -> str:
    return ", ".join(_("%(name)s (lead assessor)", name=name) if lead else name for name, lead in doc.visit_team)


def score(value) -> str:
    return str(value.label) if value is not None else _("No finding recorded")

"""The main pages the benchmarks load, each with who loads it, found in a seeded database; and the real sign-in."""
import re
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from accreditation.auth.models import Person
from accreditation.organisation.models import Directorate, Team
from accreditation.panels.models import AgendaItem, Decision
from accreditation.review.models import Review, VisitTeamMember
from accreditation.selfassessment.models import Cycle, SelfAssessment
from accreditation.standards.models import Standard
from bench.seed import DOMAIN, PASSWORD


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    email: str


def targets(engine: Engine, team_id: int = 1) -> list[Target]:
    """The same objects at every data size: team 1's newest cycle, its visit, its newest decided
    item and its organisation."""
    with Session(engine) as db:
        cycle = db.scalar(select(Cycle).where(Cycle.team_id == team_id).order_by(Cycle.id.desc()))
        sa = db.scalar(select(SelfAssessment).where(SelfAssessment.cycle_id == cycle.id))
        code = db.scalar(select(Standard.code).where(Standard.version_id == cycle.standards_version_id)
                         .order_by(Standard.position))
        review = db.scalar(select(Review).where(Review.self_assessment_id == sa.id))
        lead = db.scalar(select(Person.email).join(VisitTeamMember, VisitTeamMember.person_id == Person.id)
                         .where(VisitTeamMember.review_id == review.id, VisitTeamMember.is_lead))
        item = db.scalar(
            select(AgendaItem).join(Decision, Decision.item_id == AgendaItem.id).join(Review).join(SelfAssessment)
            .join(Cycle).where(Cycle.team_id == team_id).order_by(AgendaItem.id.desc())
        )
        organisation = db.scalar(select(Directorate.organisation_id).join(Team).where(Team.id == team_id))
    board, qa, chair = (f"{who}@{DOMAIN}" for who in ("board", "qa", "chair"))
    found = [
        Target("team home", "/home", f"lead.{team_id}@{DOMAIN}"),
        Target("self-assessment standard", f"/self-assessments/{sa.id}/standards/{code}", f"lead.{team_id}@{DOMAIN}"),
        Target("visit form", f"/reviews/{review.id}/visit/{code}", lead),
        Target("panel item", f"/panels/{item.panel_id}/items/{item.id}", chair),
        Target("register", "/assurance/", board),
        Target("heat map", "/assurance/heat-map", board),
        Target("actions list", "/actions/", qa),
        Target("CSV export", "/assurance/register.csv", board),
        # What one trust's board reads: its own organisation, by directorate.
        Target("register, one organisation", f"/assurance/?organisation={organisation}", board),
        Target("heat map, one organisation", f"/assurance/heat-map?organisation={organisation}", board),
        Target("CSV export, one organisation", f"/assurance/register.csv?organisation={organisation}", board),
    ]
    _in_english(engine, {t.email for t in found})
    return found


def _in_english(engine: Engine, emails: set[str]) -> None:
    """Figures are comparable only in one language: someone who looked at the bench's pages in the browser and
    chose another language leaves it saved for that person, and the pages would then be measured in it."""
    with Session(engine) as db:
        chosen = db.execute(select(Person.email, Person.locale).where(Person.email.in_(emails), Person.locale.is_not(None))).all()
    if chosen:
        listed = ", ".join(f"{email} ({locale})" for email, locale in chosen)
        raise RuntimeError(f"the benchmarks measure pages in English, but {listed} chose another language: "
                           "UPDATE person SET locale = NULL")


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def sign_in(client, email: str) -> None:
    """Through the sign-in form, as a person would (a Flask test client)."""
    token = CSRF.search(client.get("/sign-in").get_data(as_text=True)).group(1)
    response = client.post("/sign-in", data={"csrf_token": token, "email": email, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"could not sign in as {email}: {response.status_code}")

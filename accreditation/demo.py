"""Demo data: one trust, three directorates, twelve teams, and one person for every role."""
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from accreditation.assurance.demo import record_decided_cycles
from accreditation.auth.models import Person
from accreditation.auth.passwords import hash_password
from accreditation.auth.services import create_person
from accreditation.organisation.models import Directorate, Organisation, Team, TeamKind
from accreditation.review.models import AssessorProfile, ConflictKind, ConflictOfInterest, Perspective, TrainingRecord
from accreditation.roles import Role

DEMO_PASSWORD = "demo-password"

DIRECTORATES = {
    "Adult mental health": [
        ("Larch Ward", TeamKind.WARD, "Adult acute inpatient", "Riverside Centre"),
        ("Rowan Ward", TeamKind.WARD, "Psychiatric intensive care", "Riverside Centre"),
        ("Willow Ward", TeamKind.WARD, "Older adults inpatient", "Meadow House"),
        ("North Community Mental Health Team", TeamKind.COMMUNITY_TEAM, "Community mental health", "Northgate Clinic"),
        ("Early Intervention in Psychosis", TeamKind.COMMUNITY_TEAM, "Early intervention", "Northgate Clinic"),
        ("Perinatal Mental Health Service", TeamKind.CLINIC, "Perinatal mental health", "Meadow House"),
    ],
    "Community health services": [
        ("District Nursing East", TeamKind.COMMUNITY_TEAM, "District nursing", "Eastfield Health Centre"),
        ("Community Rehabilitation Team", TeamKind.COMMUNITY_TEAM, "Rehabilitation", "Eastfield Health Centre"),
        ("Diabetes Clinic", TeamKind.CLINIC, "Long-term conditions", "Harbour Clinic"),
    ],
    "Primary care": [
        ("Harbour Lane Surgery", TeamKind.PRACTICE, "General practice", "Harbour Lane"),
        ("Station Road Practice", TeamKind.PRACTICE, "General practice", "Station Road"),
        ("Homeless Health Clinic", TeamKind.CLINIC, "Inclusion health", "Harbour Clinic"),
    ],
}

# email, given name, family name, roles (team roles name their team)
PEOPLE = [
    ("assessor@example.org", "Amina", "Begum", [(Role.ASSESSOR, None)]),
    ("lead.assessor@example.org", "Tomasz", "Nowak", [(Role.LEAD_ASSESSOR, None), (Role.ASSESSOR, None)]),
    ("panel.member@example.org", "Grace", "Okafor", [(Role.PANEL_MEMBER, None)]),
    ("panel.chair@example.org", "Deniz", "Yilmaz", [(Role.PANEL_CHAIR, None), (Role.PANEL_MEMBER, None)]),
    ("standards@example.org", "Farhan", "Ahmed", [(Role.STANDARDS_GROUP_MEMBER, None)]),
    ("team.member@example.org", "Chloe", "Smith", [(Role.TEAM_MEMBER, "Larch Ward")]),
    ("team.lead@example.org", "Joseph", "Mensah", [(Role.TEAM_LEAD, "Larch Ward")]),
    ("qa@example.org", "Priya", "Patel", [(Role.QA_COORDINATOR, None)]),
    ("board@example.org", "Margaret", "Hughes", [(Role.BOARD_VIEWER, None)]),
    ("admin@example.org", "Daniel", "Clarke", [(Role.ADMINISTRATOR, None)]),
    ("assessor2@example.org", "Hodan", "Farah", [(Role.ASSESSOR, None)]),
    ("assessor3@example.org", "Ana", "Ferreira", [(Role.ASSESSOR, None)]),
    ("assessor4@example.org", "Rasa", "Kazlauskiene", [(Role.ASSESSOR, None)]),
    ("assessor5@example.org", "Ion", "Popescu", [(Role.ASSESSOR, None)]),
]


# Assessor profiles: perspective, languages, training (completed, expires), a conflict with a team (kind, team, ended)
PROFILES = {
    "assessor@example.org": (Perspective.SERVICE_USER, "English, Bengali, Sylheti", (date(2026, 2, 1), date(2028, 2, 1)), None),
    "lead.assessor@example.org": (Perspective.SERVICE_USER, "English, Polish", (date(2025, 9, 1), date(2027, 9, 1)), None),
    "assessor2@example.org": (Perspective.CARER, "English, Somali", (date(2026, 3, 1), date(2028, 3, 1)), None),
    "assessor3@example.org": (Perspective.SERVICE_USER, "English, Portuguese", (date(2026, 1, 15), date(2028, 1, 15)), None),
    "assessor4@example.org": (
        Perspective.SERVICE_USER, "English, Lithuanian", (date(2026, 4, 1), date(2028, 4, 1)),
        (ConflictKind.TREATED_ME, "Larch Ward", None),
    ),
    "assessor5@example.org": (Perspective.SERVICE_USER, "English, Romanian", (date(2023, 5, 1), date(2025, 5, 1)), None),
}


class RealDataPresent(Exception):
    """The database holds people or organisations that are not demo data."""


def seed_demo(db: Session, history: bool = True) -> bool:
    """Add the demo data unless it is there already; False if it was. The caller commits.

    `history` adds decided cycles for most teams (tests that need a clean slate leave it out)."""
    if db.scalar(select(exists().where(Person.is_demo.is_(False)))) or db.scalar(
        select(exists().where(Organisation.is_demo.is_(False)))
    ):
        raise RealDataPresent
    if db.scalar(select(exists().where(Organisation.is_demo.is_(True)))):
        return False
    trust = Organisation(name="Riverside NHS Foundation Trust (demo)", code="DEMO1", is_demo=True)
    teams: dict[str, Team] = {}
    for directorate_name, rows in DIRECTORATES.items():
        directorate = Directorate(name=directorate_name)
        trust.directorates.append(directorate)
        for name, kind, service_type, site in rows:
            teams[name] = Team(name=name, kind=kind, service_type=service_type, site=site)
            directorate.teams.append(teams[name])
    db.add(trust)
    db.flush()
    # One hash for everyone: they share the published demo password, and hashing 14 times is slow.
    password_hash = hash_password(DEMO_PASSWORD)
    for email, given, family, roles in PEOPLE:
        person = create_person(
            db, None, email=email, given_name=given, family_name=family, password_hash=password_hash,
            roles=[(role, teams[team] if team else None) for role, team in roles], is_demo=True,
        )
        if email in PROFILES:
            perspective, languages, (completed, expires), conflict = PROFILES[email]
            profile = AssessorProfile(
                person=person, perspective=perspective, languages=languages, phone="020 7946 0000",
                training=[TrainingRecord(course="Service user assessor training", completed_on=completed, expires_on=expires)],
            )
            if conflict:
                kind, team, ended = conflict
                profile.conflicts.append(ConflictOfInterest(kind=kind, team=teams[team], ended_on=ended))
            db.add(profile)
    if history:
        record_decided_cycles(db, date.today())
    return True

"""A national-scale data set: organisations, teams, people and three cycles a team, written in bulk.

    python -m bench.seed --teams 20000 --database-url postgresql+psycopg://...

Runs the migrations and loads the standards like `accreditation init`, then writes rows the services would
have written (ratings, evidence, submissions, visit teams, assessors' scores, visit records, findings, reports,
final committees, decisions, accreditation statuses and improvement actions) with explicit ids: COPY on
PostgreSQL, executemany inserts on SQLite. Every constraint holds; the database must hold no teams yet.
Each team has a team lead and a team member who sign in as lead.<team id>@bench.example.org (and member.),
with the shared people listed in PEOPLE; every bench password is PASSWORD."""
import argparse
import json
import random
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import Engine, Table, func, select, text
from sqlalchemy.orm import Session

from accreditation import migrations
from accreditation.auth.passwords import hash_password
from accreditation.db import Base, UTCDateTime, make_engine
from accreditation.organisation.models import Team, TeamKind
from accreditation.panels.outcome import StandardResult, recommended_outcome
from accreditation.panels.services import INTERIM_MONTHS, VALID_YEARS, add_months
from accreditation.standards.loader import load_standards
from accreditation.standards.models import Standard, StandardsVersion, Tier

PASSWORD = "bench-password"
DOMAIN = "bench.example.org"
TEAMS_PER_ORGANISATION = 100
DIRECTORATES = ["Adult mental health", "Community health services", "Primary care", "Children and young people"]
KINDS = list(TeamKind)
# Shared people: email local part -> roles (none of them a team role).
PEOPLE = {
    "qa": ["qa_coordinator"], "chair": ["panel_chair", "panel_member"], "member1": ["panel_member"],
    "member2": ["panel_member"], "board": ["board_viewer"], "admin": ["administrator"],
}
ASSESSORS = 400  # every tenth also leads visits
ITEMS_PER_PANEL = 25
HARD = {4, 9, 15, 20}  # standards often not met, by position


def metadata_tables() -> dict[str, Table]:
    migrations.metadata()  # imports every model module
    return Base.metadata.tables


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, clock(hour), tzinfo=UTC)


class Writer:
    """Rows as tuples in a table's column order; COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.tables = metadata_tables()
        self.counts: dict[str, int] = {}

    def write(self, name: str, columns: list[str], rows: Iterable[tuple]) -> None:
        table = self.tables[name]
        started = time.perf_counter()
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "postgresql":
                n = self._copy(conn, table, columns, rows)
            else:
                n = 0
                for batch in _batches(rows, 5000):
                    conn.execute(table.insert(), [dict(zip(columns, row)) for row in batch])
                    n += len(batch)
        self.counts[name] = self.counts.get(name, 0) + n
        print(f"  {name:<24} {n:>9} rows  {time.perf_counter() - started:6.1f} s", flush=True)

    def _copy(self, conn, table: Table, columns: list[str], rows: Iterable[tuple]) -> int:
        # COPY bypasses SQLAlchemy's types: aware datetimes become naive UTC (as UTCDateTime keeps them), JSON text.
        kinds = [table.c[c].type for c in columns]
        fixes = [
            (i, (lambda v: v.astimezone(UTC).replace(tzinfo=None)) if isinstance(t, UTCDateTime) else json.dumps)
            for i, t in enumerate(kinds) if isinstance(t, UTCDateTime) or t.__class__.__name__ == "JSON"
        ]
        cursor = conn.connection.dbapi_connection.cursor()
        n = 0
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                if fixes:
                    row = list(row)
                    for i, fix in fixes:
                        if row[i] is not None:
                            row[i] = fix(row[i])
                copy.write_row(row)
                n += 1
        return n

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here, and leave the tables as a steady database has them."""
        if self.engine.dialect.name != "postgresql":
            return
        with self.engine.begin() as conn:
            for name in self.counts:
                if "id" not in self.tables[name].c:
                    continue
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                ))
        # VACUUM as well as ANALYZE: rows just copied have no hint bits or visibility map yet, so the first reads
        # of each page would write them, and a benchmark run straight after seeding would measure that, and
        # autovacuum beside it. VACUUM cannot run in a transaction.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def prepare(engine: Engine) -> tuple[int, list[tuple[int, int, str]]]:
    """Migrate, load the standards, and return the newest version's id and its standards (id, position, tier, code)."""
    migrations.upgrade(engine)
    with Session(engine) as db:
        load_standards(db, Path(__file__).resolve().parent.parent / "standards")
        db.commit()
        if db.scalar(select(func.count()).select_from(Team)):
            raise SystemExit("This database already holds teams: seed an empty one.")
        version = db.scalar(select(StandardsVersion).order_by(StandardsVersion.published_on.desc()))
        standards = [(s.id, s.position, s.tier.value, s.code) for s in db.scalars(
            select(Standard).where(Standard.version_id == version.id).order_by(Standard.position))]
        return version.id, standards


def seed(engine: Engine, teams: int, cycles: int = 3, today: date | None = None, seed_value: int = 2026) -> dict[str, int]:
    today = today or date.today()
    rng = random.Random(seed_value)
    version_id, standards = prepare(engine)
    w = Writer(engine)
    now = at(today, 9)
    organisations = max(1, -(-teams // TEAMS_PER_ORGANISATION))
    w.write("organisation", ["id", "name", "code", "is_demo"],
            ((o, f"Bench NHS Trust {o:03d}", f"BN{o:04d}", False) for o in range(1, organisations + 1)))
    directorate_ids = [(o - 1) * len(DIRECTORATES) + i + 1 for o in range(1, organisations + 1) for i in range(len(DIRECTORATES))]
    w.write("directorate", ["id", "organisation_id", "name"],
            ((d, (d - 1) // len(DIRECTORATES) + 1, DIRECTORATES[(d - 1) % len(DIRECTORATES)]) for d in directorate_ids))

    def team_directorate(t: int) -> int:
        organisation = (t - 1) // TEAMS_PER_ORGANISATION
        return organisation * len(DIRECTORATES) + (t - 1) % len(DIRECTORATES) + 1

    w.write("team", ["id", "directorate_id", "name", "kind", "service_type", "site"],
            ((t, team_directorate(t), f"Team {t:05d}", KINDS[t % len(KINDS)].value, "Adult community mental health",
              f"Site {t % 37}") for t in range(1, teams + 1)))

    # People: the shared cast, the assessor pool, then a team lead and a team member for every team.
    password_hash = hash_password(PASSWORD)
    people: list[tuple] = []
    roles: list[tuple] = []
    for local, held in PEOPLE.items():
        pid = len(people) + 1
        people.append((pid, f"{local}@{DOMAIN}", local.capitalize(), "Bench", password_hash, True, False, now))
        roles.extend((len(roles) + 1, pid, role, None) for role in held)
    cast = {local: i + 1 for i, local in enumerate(PEOPLE)}
    first_assessor = len(people) + 1
    for a in range(ASSESSORS):
        pid = len(people) + 1
        people.append((pid, f"assessor{a}@{DOMAIN}", "Assessor", f"{a}", password_hash, True, False, now))
        roles.append((len(roles) + 1, pid, "assessor", None))
        if a % 10 == 0:
            roles.append((len(roles) + 1, pid, "lead_assessor", None))
    leads = [first_assessor + a for a in range(0, ASSESSORS, 10)]
    plain = [first_assessor + a for a in range(ASSESSORS) if a % 10]
    first_team_person = len(people) + 1

    def team_lead(t: int) -> int:
        return first_team_person + 2 * (t - 1)

    for t in range(1, teams + 1):
        for offset, (local, role) in enumerate((("lead", "team_lead"), ("member", "team_member"))):
            pid = team_lead(t) + offset
            people.append((pid, f"{local}.{t}@{DOMAIN}", local.capitalize(), f"of team {t}", password_hash, True, False, now))
            roles.append((len(roles) + 1, pid, role, t))
    w.write("person", ["id", "email", "given_name", "family_name", "password_hash", "active", "is_demo", "created_at"], people)
    w.write("role_assignment", ["id", "person_id", "role", "team_id"], roles)
    w.write("assessor_profile", ["person_id", "perspective", "lived_experience", "languages", "access_needs", "availability", "phone"],
            ((first_assessor + a, ("service_user", "carer", "staff")[a % 3], "", "English", "", "", "") for a in range(ASSESSORS)))
    w.write("training_record", ["id", "person_id", "course", "completed_on", "expires_on"],
            ((a + 1, first_assessor + a, "Service user assessor training", today - timedelta(days=200),
              today + timedelta(days=530)) for a in range(ASSESSORS)))

    plan = Plan(rng, today, teams, cycles, standards, version_id, cast, leads, plain, team_lead)
    for name, columns, rows in plan.tables():
        w.write(name, columns, rows)
    w.finish()
    return w.counts


class Plan:
    """Every cycle of every team, decided up front so each table can then be written in one pass."""

    def __init__(self, rng, today, teams, cycles, standards, version_id, cast, leads, plain, team_lead):
        self.today, self.standards, self.version_id, self.cast, self.team_lead = today, standards, version_id, cast, team_lead
        self.cycles = []  # (cycle id, team, number, opened, decided or None, lead assessor, assessor, scores)
        for t in range(1, teams + 1):
            for n in range(cycles):
                cycle_id = len(self.cycles) + 1
                last = n == cycles - 1
                # Cycles three years apart; the newest opened recently and is being reviewed.
                opened = today - timedelta(days=(cycles - 1 - n) * 1095 + 120 + t % 60)
                strength = 1.0 + 0.4 * n + rng.random() * 0.6
                scores = [self._score(rng, position, tier, strength) for _sid, position, tier, _code in standards]
                self.cycles.append((cycle_id, t, n, opened, None if last else opened + timedelta(days=300),
                                    leads[rng.randrange(len(leads))], plain[rng.randrange(len(plain))], scores))

    @staticmethod
    def _score(rng, position, tier, strength) -> str:
        if tier == Tier.ESSENTIAL.value:
            return "met" if rng.random() < 0.9 else "partially_met"
        weak = 0.45 if position in HARD else 0.12
        roll = rng.random() * strength
        return "not_met" if roll < weak else "partially_met" if roll < weak * 2.2 else "met"

    def tables(self):
        S = len(self.standards)
        qa = self.cast["qa"]
        decided = [c for c in self.cycles if c[4] is not None]
        yield "cycle", ["id", "team_id", "standards_version_id", "status", "self_assessment_due", "opened_at", "opened_by_id"], (
            (cid, t, self.version_id, "closed" if d else "open", o + timedelta(days=90), at(o), qa)
            for cid, t, _n, o, d, *_ in self.cycles)
        yield "self_assessment", ["id", "cycle_id", "status", "submitted_at", "submitted_by_id", "passed_to_assessors_at"], (
            (cid, cid, "submitted", at(o + timedelta(days=85)), self.team_lead(t), at(o + timedelta(days=95)))
            for cid, t, _n, o, *_ in self.cycles)
        rating = {"met": "met", "partially_met": "partially_met", "not_met": "not_met"}
        yield "answer", ["id", "self_assessment_id", "standard_id", "rating", "not_applicable_reason", "how_we_meet",
                         "improvement_underway", "involvement_count", "involvement_how", "revision", "updated_at", "updated_by_id"], (
            ((cid - 1) * S + i + 1, cid, sid, rating[scores[i]], "",
             "Service users wrote our welcome pack with us and review it each year.",
             "" if scores[i] == "met" else "We are rewriting the leaflet with the service user group.",
             4, "Co-produced at the monthly service user meeting", 1, at(o + timedelta(days=80)), self.team_lead(t))
            for cid, t, _n, o, _d, _l, _a, scores in self.cycles for i, (sid, _p, _t, _c) in enumerate(self.standards))
        yield "evidence", ["id", "answer_id", "kind", "description", "url", "added_at", "added_by_id"], (
            ((cid - 1) * S + i + 1, (cid - 1) * S + i + 1, "link" if i % 2 else "at_visit", "Minutes of the service user meeting",
             f"https://intranet.example.org/team/{t}/minutes/{i}" if i % 2 else None, at(o + timedelta(days=70)), self.team_lead(t))
            for cid, t, _n, o, *_ in self.cycles for i in range(S))
        yield "submission", ["id", "self_assessment_id", "number", "submitted_at", "submitted_by_id", "snapshot", "return_comments"], (
            (cid, cid, 1, at(o + timedelta(days=85)), self.team_lead(t), self._snapshot(cid, t, scores), {})
            for cid, t, _n, o, _d, _l, _a, scores in self.cycles)
        yield "review", ["id", "self_assessment_id", "visit_on", "visit_at", "site", "access_arrangements", "allocated_at", "allocated_by_id"], (
            (cid, cid, self._visit_on(o, d), clock(10), f"Site {t % 37}", "Step-free entrance", at(o + timedelta(days=95)), qa)
            for cid, t, _n, o, d, *_ in self.cycles)
        yield "visit_team_member", ["id", "review_id", "person_id", "is_lead", "evidence_scores_submitted_at"], (
            (2 * (cid - 1) + k + 1, cid, person, k == 0, at(o + timedelta(days=110)))
            for cid, _t, _n, o, _d, lead, assessor, _s in self.cycles for k, person in enumerate((lead, assessor)))
        yield "evidence_score", ["id", "review_id", "assessor_id", "standard_id", "score", "comment", "updated_at"], (
            (((cid - 1) * 2 + k) * S + i + 1, cid, person, sid, scores[i], "", at(o + timedelta(days=110)))
            for cid, _t, _n, o, _d, lead, assessor, scores in self.cycles for k, person in enumerate((lead, assessor))
            for i, (sid, _p, _t, _c) in enumerate(self.standards))
        yield "visit_record", ["id", "review_id", "assessor_id", "standard_id", "observed", "service_users_spoken_to",
                               "service_users_said", "carers_spoken_to", "carers_said", "staff_spoken_to", "staff_said",
                               "score", "revision", "updated_at"], (
            ((cid - 1) * S + i + 1, cid, lead, sid, "Notice board in easy read", 3, "They listen to us", 1,
             "Kept informed", 2, "We plan it together", scores[i], 1, at(self._visit_on(o, d)))
            for cid, _t, _n, o, d, lead, _a, scores in self.cycles for i, (sid, _p, _t, _c) in enumerate(self.standards))
        yield "consolidated_finding", ["id", "review_id", "standard_id", "score", "finding", "rationale", "decided_by_id", "decided_at"], (
            ((cid - 1) * S + i + 1, cid, sid, scores[i], "Seen and heard on the visit", "Agreed by the visit team", lead,
             at(self._visit_on(o, d), 16))
            for cid, _t, _n, o, d, lead, _a, scores in decided for i, (sid, _p, _t, _c) in enumerate(self.standards))
        yield "assessors_report", ["id", "review_id", "status", "strengths", "improvements", "sent_to_team_at", "comments_due", "ready_at"], (
            (cid, cid, "ready", "A warm welcome", "Easy-read information", at(self._visit_on(o, d) + timedelta(days=7)),
             self._visit_on(o, d) + timedelta(days=21), at(self._visit_on(o, d) + timedelta(days=25)))
            for cid, _t, _n, o, d, *_ in decided)
        # Final committees in order of meeting, ITEMS_PER_PANEL items each.
        order = sorted(decided, key=lambda c: (c[4], c[0]))
        panels = [order[i:i + ITEMS_PER_PANEL] for i in range(0, len(order), ITEMS_PER_PANEL)]
        chair, members = self.cast["chair"], [self.cast["chair"], self.cast["member1"], self.cast["member2"]]
        yield "panel", ["id", "kind", "meets_on", "chair_id", "quorum", "scheduled_by_id", "scheduled_at"], (
            (p + 1, "final_committee", items[-1][4], chair, 3, qa, at(items[0][4] - timedelta(days=30)))
            for p, items in enumerate(panels))
        yield "panel_member", ["id", "panel_id", "person_id"], (
            (p * 3 + k + 1, p + 1, person) for p in range(len(panels)) for k, person in enumerate(members))
        item_of = {}  # cycle id -> (agenda item id, panel's meeting day)
        for p, items in enumerate(panels):
            for position, c in enumerate(items, start=1):
                item_of[c[0]] = (len(item_of) + 1, p + 1, position, items[-1][4])
        yield "agenda_item", ["id", "panel_id", "review_id", "position", "reason"], (
            (item, panel, cid, position, "first") for cid, (item, panel, position, _m) in item_of.items())
        yield "declaration", ["id", "item_id", "person_id", "present", "conflict", "note", "declared_at"], (
            ((item - 1) * 3 + k + 1, item, person, True, False, "", at(meets))
            for item, _p, _pos, meets in item_of.values() for k, person in enumerate(members))
        outcomes = {c[0]: recommended_outcome([StandardResult(Tier(tier), score) for (_s, _p, tier, _c), score
                                                in zip(self.standards, c[7])]).outcome for c in decided}
        yield "decision", ["id", "item_id", "outcome", "computed_outcome", "rationale", "departure_reason", "conditions",
                           "deferral_requirements", "amendment_reason", "request_key", "recorded_by_id", "recorded_at"], (
            (item, item, outcomes[cid].value, outcomes[cid].value, "As the findings show", "", "", "", "",
             f"bench-{cid}", chair, at(meets, 15))
            for cid, (item, _p, _pos, meets) in item_of.items())
        yield "accreditation", ["id", "team_id", "decision_id", "outcome", "valid_from", "valid_until", "interim_review_due"], (
            (item, c[1], item, outcomes[c[0]].value, item_of[c[0]][3],
             add_months(item_of[c[0]][3], 12 * VALID_YEARS) if outcomes[c[0]].is_award else None,
             add_months(item_of[c[0]][3], INTERIM_MONTHS) if outcomes[c[0]].is_award else None)
            for c in decided for item in [item_of[c[0]][0]])
        yield "improvement_action", ["id", "team_id", "decision_id", "source", "standard_id", "finding_id", "condition",
                                     "status", "what_will_change", "owner_id", "due_on", "how_we_will_know", "created_at",
                                     "completed_at", "completed_by_id", "verified_at", "verified_by_id"], self._actions(decided, item_of)

    def _actions(self, decided, item_of) -> Iterator[tuple]:
        """One action for each standard not met: older cycles' verified, the latest decided cycle's under way."""
        S, qa, n = len(self.standards), self.cast["qa"], 0
        latest = {c[1]: c[0] for c in decided}  # team -> its newest decided cycle
        for cid, t, _n, _o, d, _l, _a, scores in decided:
            item = item_of[cid][0]
            for i, (sid, _p, _t, _c) in enumerate(self.standards):
                if scores[i] != "not_met":
                    continue
                n += 1
                lead = self.team_lead(t)
                due = d + timedelta(days=90 + 30 * (n % 12))
                if latest[t] != cid:
                    yield (n, t, item, "standard", sid, (cid - 1) * S + i + 1, "", "verified", "Rewrite the leaflet with service users",
                           lead, due, "Service users tell us it is clear", at(d + timedelta(days=1)), at(due - timedelta(days=5)),
                           lead, at(due), qa)
                else:
                    status = ("open", "in_progress", "draft")[n % 3]
                    planned = status != "draft"
                    yield (n, t, item, "standard", sid, (cid - 1) * S + i + 1, "", status,
                           "Rewrite the leaflet with service users" if planned else "", lead if planned else None,
                           due if planned else None, "Service users tell us it is clear" if planned else "",
                           at(d + timedelta(days=1)), None, None, None, None)

    def _visit_on(self, opened: date, decided: date | None) -> date:
        return decided - timedelta(days=60) if decided else opened + timedelta(days=140)

    def _snapshot(self, cid, t, scores) -> list[dict]:
        S = len(self.standards)
        return [{"standard": code, "rating": scores[i], "how_we_meet": "As answered", "involvement_count": 4,
                 "evidence": [{"id": (cid - 1) * S + i + 1, "kind": "link" if i % 2 else "at_visit",
                               "description": "Minutes of the service user meeting", "filename": None,
                               "url": f"https://intranet.example.org/team/{t}/minutes/{i}" if i % 2 else None}]}
                for i, (_sid, _p, _t, code) in enumerate(self.standards)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=20000)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    engine = make_engine(args.database_url)
    counts = seed(engine, args.teams, args.cycles)
    print(f"Seeded {args.teams} teams, {sum(counts.values())} rows in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()

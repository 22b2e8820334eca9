"""Signing in, throttling repeated failures, and adding people."""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accreditation import audit
from accreditation.auth.models import Person, RoleAssignment, SignInAttempt
from accreditation.auth.passwords import hash_password, needs_rehash, verify_password
from accreditation.db import utcnow
from accreditation.organisation.models import Team
from accreditation.roles import Role


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int  # per email address, within `window`
    max_failures_per_address: int  # per client network address, within `window`
    window: timedelta

    @classmethod
    def from_config(cls, config) -> "ThrottlePolicy":
        return cls(config["SIGN_IN_MAX_FAILURES"], config["SIGN_IN_MAX_FAILURES_PER_ADDRESS"], config["SIGN_IN_LOCKOUT"])


class Throttled(Exception):
    def __init__(self, wait: timedelta):
        super().__init__(wait)
        self.minutes = max(1, math.ceil(wait.total_seconds() / 60))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _lockout_wait(db: Session, criterion, limit: int, since: datetime, now: datetime, window: timedelta) -> timedelta | None:
    """With `limit` failures since `since`, the wait until the oldest of them falls out of the window."""
    failures = db.scalars(
        select(SignInAttempt.at)
        .where(criterion, SignInAttempt.succeeded.is_(False), SignInAttempt.at > since)
        .order_by(SignInAttempt.at.desc())
        .limit(limit)
    ).all()
    if len(failures) < limit:
        return None
    return failures[-1] + window - now


def throttle_wait(db: Session, email: str, address: str, policy: ThrottlePolicy, now: datetime) -> timedelta | None:
    window_start = now - policy.window
    # A successful sign-in clears the count for that email, but never for the network address.
    last_success = db.scalar(
        select(func.max(SignInAttempt.at)).where(SignInAttempt.email == email, SignInAttempt.succeeded.is_(True))
    )
    since_email = max(window_start, last_success) if last_success else window_start
    return _lockout_wait(db, SignInAttempt.email == email, policy.max_failures, since_email, now, policy.window) or (
        _lockout_wait(
            db, SignInAttempt.address == address, policy.max_failures_per_address, window_start, now, policy.window
        )
    )


def sign_in(db: Session, email: str, password: str, address: str, policy: ThrottlePolicy, now: datetime | None = None) -> Person | None:
    """The person if the email and password match an active account; raises Throttled while locked out.

    Attempts made while locked out are not counted, so the lock lifts on time for a person who keeps trying.
    """
    now = now or utcnow()
    email = normalise_email(email)
    wait = throttle_wait(db, email, address, policy, now)
    if wait is not None:
        raise Throttled(wait)
    person = db.scalar(select(Person).where(Person.email == email))
    matched = verify_password(person.password_hash if person else None, password)
    succeeded = matched and person is not None and person.active
    db.add(SignInAttempt(email=email, address=address, at=now, succeeded=succeeded))
    if not succeeded:
        return None
    if needs_rehash(person.password_hash):
        person.password_hash = hash_password(password)
    return person


def create_person(
    db: Session, actor: Person | None, *, email: str, given_name: str, family_name: str, password_hash: str,
    roles: list[tuple[Role, Team | None]], is_demo: bool = False,
) -> Person:
    person = Person(
        email=normalise_email(email), given_name=given_name, family_name=family_name,
        password_hash=password_hash, is_demo=is_demo,
    )
    person.role_assignments = [RoleAssignment(role=role, team=team) for role, team in roles]
    db.add(person)
    audit.record(
        db, actor, "person.created", person,
        roles=[{"role": role.value, "team_id": team.id if team else None} for role, team in roles],
    )
    return person


def set_preferences(db: Session, person: Person, *, locale: str, easy_read: bool, large_text: bool) -> None:
    """A person's language and access preferences, which follow them to any device. The caller commits."""
    person.locale, person.easy_read, person.large_text = locale, easy_read, large_text
    db.flush()


def end_all_sessions(db: Session, actor: Person, person: Person) -> None:
    """Every session the person has, anywhere, stops working at its next request."""
    person.session_version += 1
    audit.record(db, actor, "person.signed_out_everywhere", person)

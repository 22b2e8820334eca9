"""The `accreditation` command: set up the database, load standards, seed demo data, add people, serve."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from accreditation import create_app, db, jobs, migrations
from accreditation.auth.passwords import hash_password, password_problem
from accreditation.auth.services import create_person, end_all_sessions, normalise_email
from accreditation.auth.models import Person
from accreditation.demo import DEMO_PASSWORD, RealDataPresent, seed_demo
from accreditation.organisation.models import Team
from accreditation.roles import Role
from accreditation.standards.loader import StandardsError, load_standards
from accreditation.standards.translations import read_translations


@click.group(cls=FlaskGroup, create_app=create_app)
def main():
    """Service user-led accreditation."""


def _engine():
    return current_app.extensions["db"].engine


@main.command()
@with_appcontext
def init():
    """Create or upgrade the database schema, then load the published standards."""
    migrations.upgrade(_engine())
    db_session = db.session()
    try:
        added = load_standards(db_session, Path(current_app.config["STANDARDS_DIR"]))
        read_translations(Path(current_app.config["STANDARDS_DIR"]))  # checked now, not on a page later
    except StandardsError as error:
        db_session.rollback()
        raise click.ClickException(str(error)) from error
    db_session.commit()
    click.echo(f"Database ready. Standards versions added: {', '.join(added) or 'none (all loaded already)'}.")


@main.command()
@with_appcontext
def demo():
    """Add demo data: a trust, its teams, and one person for every role (all demo passwords are the same)."""
    db_session = db.session()
    try:
        added = seed_demo(db_session)
    except RealDataPresent as error:
        raise click.ClickException(
            "This database holds real (non-demo) people or organisations; demo data is never added to it."
        ) from error
    db_session.commit()
    click.echo(f"Demo data {'added' if added else 'already present'}. Every demo person's password: {DEMO_PASSWORD}")


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst):
    """Make PDFs and do other slow work from the queue (needs REDIS_URL)."""
    app = create_app()
    if not app.config["REDIS_URL"]:
        raise click.ClickException("Set REDIS_URL: without a queue, the app does this work itself.")
    jobs.work(app, burst=burst)


@main.command("create-user")
@click.option("--email", required=True)
@click.option("--given-name", required=True)
@click.option("--family-name", required=True)
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]))
@click.option("--team", help="The team, by name, for team member and team lead roles.")
@click.password_option(help="At least 10 characters; asked for when not given.")
@with_appcontext
def create_user(email, given_name, family_name, roles, team, password):
    """Add a person who can sign in, with one or more roles."""
    if problem := password_problem(password):
        raise click.BadParameter(problem, param_hint="--password")
    db_session = db.session()
    if db_session.scalar(select(Person).where(Person.email == normalise_email(email))):
        raise click.BadParameter(f"someone already signs in as {email}", param_hint="--email")
    chosen = [Role(r) for r in roles]
    team_row = None
    if any(r.team_scoped for r in chosen):
        if not team:
            raise click.BadParameter("team member and team lead roles need --team", param_hint="--team")
        team_row = db_session.scalar(select(Team).where(Team.name == team))
        if team_row is None:
            raise click.BadParameter(f"no team is called {team!r}", param_hint="--team")
    person = create_person(
        db_session, None, email=email, given_name=given_name, family_name=family_name,
        password_hash=hash_password(password), roles=[(r, team_row if r.team_scoped else None) for r in chosen],
    )
    db_session.commit()
    click.echo(f"Added {person.full_name} <{person.email}>: {', '.join(r.value for r in chosen)}.")


@main.command("sign-out-everywhere")
@click.option("--email", required=True)
@with_appcontext
def sign_out_everywhere(email):
    """End every session a person has, on every app server (a lost phone, a left job)."""
    db_session = db.session()
    person = db_session.scalar(select(Person).where(Person.email == normalise_email(email)))
    if person is None:
        raise click.BadParameter(f"no one signs in as {email}", param_hint="--email")
    end_all_sessions(db_session, None, person)
    db_session.commit()
    click.echo(f"Every session of {person.full_name} <{person.email}> has ended.")


@main.command()
@click.argument("message")
@with_appcontext
def revision(message):
    """For developers: write a new migration from the difference between the models and the database."""
    migrations.revision(_engine(), message)

"""The `accreditation` command, run as a real process against a fresh database."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accreditation.auth.models import Person
from accreditation.config import PROJECT_ROOT
from accreditation.db import make_engine
from accreditation.standards.models import StandardsVersion

COMMAND = Path(sys.executable).parent / "accreditation"


@pytest.fixture
def run(databases, tmp_path):
    env = {**os.environ, "DATABASE_URL": databases.new("cli"), "ACCREDITATION_INSTANCE": str(tmp_path / "instance")}

    def run(*args, input=None, **extra_env):
        return subprocess.run(
            [str(COMMAND), *args], env={**env, **extra_env}, input=input, capture_output=True, text=True, timeout=120
        )

    run.url = env["DATABASE_URL"]
    return run


def count(url, column):
    engine = make_engine(url)
    with Session(engine) as db:
        result = db.scalar(select(func.count(column)))
    engine.dispose()
    return result


def test_init_builds_the_schema_and_loads_the_standards_once(run):
    first = run("init")
    assert first.returncode == 0, first.stderr
    assert "Standards versions added: 2026.1" in first.stdout
    again = run("init")
    assert again.returncode == 0 and "none (all loaded already)" in again.stdout
    assert count(run.url, StandardsVersion.id) == 1


def test_init_with_bad_standards_exits_non_zero_naming_file_and_field(run, tmp_path):
    bad = tmp_path / "standards"
    bad.mkdir()
    (bad / "sula-2026.1.toml").write_text(
        (PROJECT_ROOT / "standards" / "sula-2026.1.toml").read_text().replace("statement =", "statment =", 1)
    )
    result = run("init", STANDARDS_DIR=str(bad))
    assert result.returncode != 0
    assert f'{bad / "sula-2026.1.toml"}: standards[0] (WEL-01): field "statement" is missing' in result.stderr
    assert count(run.url, StandardsVersion.id) == 0


def test_demo_seeds_once_and_refuses_a_database_with_real_people(run):
    assert run("init").returncode == 0
    seeded = run("demo")
    assert seeded.returncode == 0 and "Demo data added" in seeded.stdout
    assert "already present" in run("demo").stdout
    people = count(run.url, Person.id)

    added = run(
        "create-user", "--email", "Real.Person@example.test", "--given-name", "Real", "--family-name", "Person",
        "--role", "qa_coordinator", "--password", "a long enough password",
    )
    assert added.returncode == 0, added.stderr
    refused = run("demo")
    assert refused.returncode != 0 and "real (non-demo)" in refused.stderr
    assert count(run.url, Person.id) == people + 1


def test_create_user_checks_password_length_and_team(run):
    assert run("init").returncode == 0
    short = run("create-user", "--email", "a@example.test", "--given-name", "A", "--family-name", "B",
                "--role", "assessor", "--password", "short")
    assert short.returncode != 0 and "at least 10 characters" in short.stderr
    no_team = run("create-user", "--email", "a@example.test", "--given-name", "A", "--family-name", "B",
                  "--role", "team_lead", "--password", "long enough password")
    assert no_team.returncode != 0 and "need --team" in no_team.stderr
    assert count(run.url, Person.id) == 0


def test_the_worker_refuses_to_start_without_a_queue(run):
    refused = run("worker", "--burst", REDIS_URL="")
    assert refused.returncode != 0 and "Set REDIS_URL" in refused.stderr


def test_sign_out_everywhere_raises_the_person_s_session_version(run):
    assert run("init").returncode == 0
    assert run("create-user", "--email", "lost.phone@example.test", "--given-name", "Ada", "--family-name", "Ng",
               "--role", "assessor", "--password", "long enough password").returncode == 0
    done = run("sign-out-everywhere", "--email", "Lost.Phone@example.test")
    assert done.returncode == 0 and "Every session of Ada Ng" in done.stdout
    engine = make_engine(run.url)
    with Session(engine) as db:
        assert db.scalar(select(Person.session_version).where(Person.email == "lost.phone@example.test")) == 1
    engine.dispose()
    unknown = run("sign-out-everywhere", "--email", "nobody@example.test")
    assert unknown.returncode != 0 and "no one signs in as" in unknown.stderr

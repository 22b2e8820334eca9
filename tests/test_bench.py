"""The benchmark scripts cannot rot: seed small data sets, compare the pages' query counts and make each
measured PDF once (no timing here)."""
import pytest
from sqlalchemy import func, select

from accreditation.db import make_engine
from accreditation.organisation.models import Team
from bench import pdf, queries, seed


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """SQLite databases seeded with 10 and 30 teams, by size."""
    urls = {}
    for teams in (10, 30):
        urls[teams] = f"sqlite:///{tmp_path_factory.mktemp('bench') / f'bench{teams}.sqlite'}"
        engine = make_engine(urls[teams])
        counts = seed.seed(engine, teams)
        with engine.connect() as conn:
            assert conn.scalar(select(func.count(Team.id))) == teams
        assert counts["decision"] == 2 * teams and counts["answer"] == 3 * teams * 24
        engine.dispose()
    return urls


def test_seed_then_every_main_page_loads_with_the_same_queries_at_10_and_30_teams(seeded):
    rows = queries.compare(seeded[10], seeded[30])
    assert [s.name for s, _ in rows] == [
        "team home", "self-assessment standard", "visit form", "panel item", "register", "heat map", "actions list", "CSV export",
        "register, one organisation", "heat map, one organisation", "CSV export, one organisation",
    ]
    assert all(small.status == large.status == 200 and small.queries == large.queries for small, large in rows), rows


@pytest.mark.parametrize("name, pages", [("baseline", 1), ("accreditation report", 2), ("board report", 2)])
def test_each_measured_pdf_is_made_with_its_baseline(seeded, name, pages):
    measured = pdf.measure(seeded[10], name, repeat=1)
    assert measured["pages"] >= pages and measured["teams"] == 10
    assert measured["seconds"] > 0 and measured["baseline_seconds"] > 0


def test_the_floor_pages_are_served_only_to_someone_signed_in(seeded, monkeypatch, tmp_path):
    from bench import floor
    from bench.seed import DOMAIN
    from bench.targets import sign_in

    monkeypatch.setenv("DATABASE_URL", seeded[10])
    monkeypatch.setenv("ACCREDITATION_INSTANCE", str(tmp_path))
    client = floor.create_app().test_client()
    assert client.get(floor.FLOOR).status_code == 302  # to the sign-in page
    sign_in(client, f"lead.1@{DOMAIN}")
    assert client.get(floor.FLOOR).get_data(as_text=True) == "ok"
    page = client.get(floor.FRAME).get_data(as_text=True)
    assert "Floor – Service user-led accreditation" in page and "Sign out" in page


def test_pages_are_measured_only_in_english(seeded):
    """Someone who chose another language while looking at the bench's pages would change what is measured."""
    from sqlalchemy import update

    from accreditation.auth.models import Person
    from bench.seed import DOMAIN
    from bench.targets import targets

    engine = make_engine(seeded[30])
    try:
        assert len(targets(engine)) == 11
        with engine.begin() as conn:
            conn.execute(update(Person).where(Person.email == f"qa@{DOMAIN}").values(locale="ur"))
        with pytest.raises(RuntimeError, match=f"qa@{DOMAIN} \\(ur\\) chose another language"):
            targets(engine)
    finally:
        with engine.begin() as conn:
            conn.execute(update(Person).values(locale=None))
        engine.dispose()

"""The benchmark scripts cannot rot: seed small data sets and compare the pages' query counts (no timing here)."""
from sqlalchemy import func, select

from accreditation.db import make_engine
from accreditation.organisation.models import Team
from bench import queries, seed


def test_seed_then_every_main_page_loads_with_the_same_queries_at_10_and_30_teams(tmp_path):
    urls = {}
    for teams in (10, 30):
        urls[teams] = f"sqlite:///{tmp_path / f'bench{teams}.sqlite'}"
        engine = make_engine(urls[teams])
        counts = seed.seed(engine, teams)
        with engine.connect() as conn:
            assert conn.scalar(select(func.count(Team.id))) == teams
        assert counts["decision"] == 2 * teams and counts["answer"] == 3 * teams * 24
        engine.dispose()
    rows = queries.compare(urls[10], urls[30])
    assert [s.name for s, _ in rows] == [
        "team home", "self-assessment standard", "visit form", "panel item", "register", "heat map", "actions list", "CSV export",
    ]
    assert all(small.status == large.status == 200 and small.queries == large.queries for small, large in rows), rows

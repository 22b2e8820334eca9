"""Published standards are read once per app server and shared by every page of a cycle; drafts never are."""
import pytest
from sqlalchemy import select

from accreditation import create_app
from accreditation.db import count_queries
from accreditation.standards import published
from accreditation.standards.models import Standard
from tests.standards.test_drafts import NEW_TEXT, approved, draft, group, qa  # noqa: F401  (fixtures)


def standard_statements(counted) -> list[str]:
    """Statements reading the standards' own text (other pages join a standard for its code or title)."""
    return [s for s in counted.statements if "standard.easy_read" in s]


def test_a_cycles_pages_read_its_standards_once_per_app_server(app, client, sign_in_as, people, cycle):
    sign_in_as(people["member"])
    base = f"/self-assessments/{cycle.self_assessment.id}"
    engine = app.extensions["db"].engine
    with count_queries(engine) as first:
        page = client.get(f"{base}/standards/WEL-02").get_data(as_text=True)
    assert "Standard 2 of 24" in page and 'value="WEL-03"' in page  # its place, and the next standard
    assert standard_statements(first)
    with count_queries(engine) as later:
        pages = [client.get(f"{base}/standards/{code}").get_data(as_text=True) for code in ("WEL-03", "INF-01")]
        pages.append(client.get(f"{base}/").get_data(as_text=True))
    assert not standard_statements(later), later.statements
    assert "Standard 3 of 24" in pages[0] and "Standard 4 of 24" in pages[1] and "0 of 24 standards completed" in pages[2]


def test_what_is_kept_is_what_was_published_in_order_with_its_themes(db, cycle):
    kept = published.standards(db, cycle.standards_version_id)
    rows = db.scalars(select(Standard).where(Standard.version_id == cycle.standards_version_id).order_by(Standard.position)).all()
    assert [s.code for s in kept] == [r.code for r in rows] and len(kept) == 24
    for mine, row in zip(kept, rows):
        assert (mine.title, mine.statement, mine.easy_read, mine.tier, mine.theme.title, mine.version.label) == \
            (row.title, row.statement, row.easy_read, row.tier, row.theme.title, "2026.1")
        assert list(mine.what_good_looks_like) == row.what_good_looks_like and list(mine.evidence_examples) == row.evidence_examples


def test_a_draft_is_never_kept_and_its_published_text_is_what_the_group_wrote_last(db, group, qa, draft):
    with pytest.raises(published.NotPublished):
        published.standards(db, draft.id)
    wel = next(s for s in draft.standards if s.code == "WEL-01")
    wel.title = NEW_TEXT["title"]
    approved(db, group, qa, draft)
    assert published.by_code(published.standards(db, draft.id), "WEL-01").title == NEW_TEXT["title"]


def test_another_app_server_reads_them_for_itself(app, database_url, tmp_path, cycle, db):
    db.commit()  # the cycle, for a second server's own connections
    other = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "tests"}, instance_path=str(tmp_path))
    try:
        with other.app_context():
            from accreditation import db as app_db
            assert [s.code for s in published.standards(app_db.session(), cycle.standards_version_id)][:2] == ["WEL-01", "WEL-02"]
        assert other.extensions["published_standards"] is not app.extensions["published_standards"]
    finally:
        other.extensions["db"].engine.dispose()

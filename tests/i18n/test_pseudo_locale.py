"""Every page, for the roles that may see it, in a pseudo-translation of the whole catalogue: no English from
the catalogue template may show through (a string not marked for translation, or marked but not extracted)."""
import pytest
from flask import url_for

from accreditation.roles import Role
from tests.i18n import pseudo
from tests.test_routes import API, PUBLIC, TABLE, objects, place  # noqa: F401  (fixture)

LOCALE = "ur"  # a right-to-left language, so the pages are also built with dir="rtl"


@pytest.fixture
def in_pseudo_locale(app, client, tmp_path, monkeypatch):
    pseudo.write_catalogue(tmp_path / "translations", LOCALE)
    pseudo.use(app, monkeypatch, tmp_path / "translations", pseudo.write_standards(tmp_path / "standards", LOCALE))
    with client.session_transaction() as session:
        session["locale"] = LOCALE


def _people(db, make_person, objects):
    """One person in each role, placed as the table expects."""
    from sqlalchemy import select

    from accreditation.organisation.models import Team

    larch = db.scalar(select(Team).where(Team.name == "Larch Ward"))
    people = {}
    for role in Role:
        place(db, objects, role, people.setdefault(role, make_person(role, team=larch)))
    return people


def test_no_page_shows_english_from_the_catalogue(app, client, db, make_person, objects, in_pseudo_locale):
    people = _people(db, make_person, objects)
    english = pseudo.english_phrases()
    leaks, seen = {}, 0
    for endpoint, (method, values, who) in sorted(TABLE.items()):
        if method != "GET" or endpoint.startswith("assets.") or who == API or endpoint in ("home.health", "home.ready", "auth.form_token"):
            continue
        with app.test_request_context():
            url = url_for(endpoint, **{k: getattr(objects.get(v, v), "id", objects.get(v, v)) for k, v in values.items()})
        for role in [None] if who == PUBLIC else sorted(who):
            with client.session_transaction() as session:
                session.pop("_user_id", None)
                if role is not None:
                    session["_user_id"], session["_fresh"] = str(people[role].id), True
            response = client.get(url)
            if response.status_code == 302 or response.mimetype != "text/html":
                response.close()  # a streamed download is never read here
                continue  # files, and pages that send a person on (to one of those checked here)
            assert response.status_code == 200, (endpoint, role, response.status_code)
            page = response.get_data(as_text=True)
            assert 'dir="rtl"' in page and f'lang="{LOCALE}"' in page
            seen += 1
            left = pseudo.untranslated(page)
            if found := [left[max(0, m.start() - 30):m.end() + 30] for m in english.finditer(left)]:
                leaks[f"{endpoint} as {role}"] = found
    assert seen > 80  # every page, for every role that may see it
    assert leaks == {}, "English text that did not go through a translation:\n" + "\n".join(f"{k}: {v}" for k, v in leaks.items())

"""A person's preferences: language, easy read and large text, kept with them and used on every page."""
import re

from accreditation.roles import Role
from tests.conftest import csrf_token


def save(client, **fields):
    data = {"csrf_token": csrf_token(client, "/preferences"), "locale": "en_GB", **fields}
    return client.post("/preferences", data=data)


def test_preferences_are_saved_and_shown_on_every_page(client, db, make_person, sign_in_as):
    person = make_person(Role.ASSESSOR)
    sign_in_as(person)
    assert 'class="app-large-text"' not in client.get("/home").get_data(as_text=True)
    response = save(client, large_text="y")
    assert response.status_code == 302 and response.headers["Location"] == "/preferences"
    db.refresh(person)
    assert (person.locale, person.large_text, person.easy_read) == ("en_GB", True, False)
    page = client.get("/preferences").get_data(as_text=True)
    assert "Your preferences have been saved." in page
    assert re.search(r'<html lang="en-GB"\s+class="app-large-text"', page)
    assert re.search(r'name="large_text"[^>]*value="y"\s+checked', page)
    assert 'class="app-large-text"' in client.get("/standards/").get_data(as_text=True)


def test_a_language_that_is_not_offered_is_refused_and_nothing_changes(client, db, make_person, sign_in_as):
    person = make_person(Role.ASSESSOR)
    sign_in_as(person)
    response = save(client, locale="xx", large_text="y")
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    db.refresh(person)
    assert (person.locale, person.large_text) == (None, False)


def test_easy_read_puts_the_easy_read_version_first_and_keeps_help_short(client, db, make_person, sign_in_as):
    person = make_person(Role.ASSESSOR)
    sign_in_as(person)
    easy = "Staff say hello to me."
    full = "I am welcomed and treated with dignity"
    page = client.get("/standards/2026.1/WEL-01").get_data(as_text=True)
    assert page.index(full) < page.index(easy)
    save(client, easy_read="y")
    page = client.get("/standards/2026.1/WEL-01").get_data(as_text=True)
    assert page.index(easy) < page.index(full)
    assert 'class="app-large-text"' in page  # easy read comes with larger text
    assert easy in client.get("/standards/2026.1/").get_data(as_text=True)  # on the cards too

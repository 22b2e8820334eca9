"""Languages: declared once, offered once they have a catalogue, chosen per person, per session, or by the browser;
the page says which language and direction it is in, and says so when no fluent speaker has checked it yet."""
import re

import pytest

from accreditation.i18n import LANGUAGES, Language
from accreditation.roles import Role
from tests.conftest import csrf_token
from tests.i18n import pseudo

# A tiny real catalogue: a few of the service's messages in Urdu.
URDU = {
    "Sign in": "سائن ان کریں",
    "Language": "زبان",
    "Change language": "زبان تبدیل کریں",
    "This translation is being checked.": "اس ترجمے کی جانچ ہو رہی ہے۔",
    "Your preferences": "آپ کی ترجیحات",
}


def test_the_ten_languages_are_named_in_themselves_with_their_direction():
    assert list(LANGUAGES) == ["en_GB", "bn", "ur", "tr", "so", "pl", "lt", "pt", "ro", "ar"]
    assert LANGUAGES["bn"].native_name == "বাংলা" and LANGUAGES["tr"].native_name == "Türkçe"
    assert LANGUAGES["ur"].native_name == "اردو" and LANGUAGES["ar"].native_name == "العربية"
    assert all(language == Language.of(code) for code, language in LANGUAGES.items())  # as CLDR has them
    assert {code for code, language in LANGUAGES.items() if language.direction == "rtl"} == {"ur", "ar"}
    assert LANGUAGES["en_GB"].tag == "en-GB"


def get(client, url, **headers) -> str:
    """The page with its white space run together, as a reader meets it."""
    return re.sub(r"\s+", " ", client.get(url, headers=headers).get_data(as_text=True)).replace("> <", "><")


@pytest.fixture
def urdu(app, tmp_path, monkeypatch):
    """Urdu (checked by nobody yet) and Polish (checked), each with a tiny catalogue."""
    pseudo.write_catalogue(tmp_path, "ur", URDU, needs_review=True)
    pseudo.write_catalogue(tmp_path, "pl", {"Sign in": "Zaloguj się"})
    pseudo.use(app, monkeypatch, tmp_path)


def test_a_language_with_a_catalogue_is_offered_with_its_own_name_and_language(client, urdu):
    page = get(client, "/sign-in")
    assert '<option value="ur" lang="ur" dir="rtl">اردو</option>' in page
    assert '<option value="pl" lang="pl" dir="ltr">Polski</option>' in page
    assert 'value="ar"' not in page  # no catalogue yet


def test_the_browser_chooses_until_the_person_does(client, urdu):
    page = get(client, "/sign-in", **{"Accept-Language": "ur-PK, en;q=0.5"})
    assert '<html lang="ur" dir="rtl"' in page
    assert "سائن ان کریں" in page
    assert "nhsuk-frontend.min.rtl.css" in page and "app.rtl.css" in page  # the mirrored stylesheets
    token = csrf_token(client, "/sign-in")
    client.post("/language", data={"csrf_token": token, "locale": "pl", "next": "/sign-in"})
    page = get(client, "/sign-in", **{"Accept-Language": "ur"})
    assert '<html lang="pl" dir="ltr"' in page and "Zaloguj się" in page
    assert "nhsuk-frontend.min.css" in page and ".rtl.css" not in page


def test_a_translation_no_fluent_speaker_has_checked_says_so_in_its_language(client, urdu):
    urdu_page = get(client, "/sign-in", **{"Accept-Language": "ur"})
    assert '<p class="app-translation-note">اس ترجمے کی جانچ ہو رہی ہے۔</p>' in urdu_page
    polish_page = get(client, "/sign-in", **{"Accept-Language": "pl"})
    assert "app-translation-note" not in polish_page
    english_page = get(client, "/sign-in", **{"Accept-Language": "en"})
    assert "app-translation-note" not in english_page


def test_the_persons_language_follows_them_to_another_device(app, client, db, make_person, sign_in_as, urdu):
    person = make_person(Role.ASSESSOR)
    person.locale = "ur"
    db.flush()
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(person.id), True
    page = get(other_device, "/home", **{"Accept-Language": "pl"})
    assert '<html lang="ur" dir="rtl"' in page


def test_typed_text_is_isolated_in_its_own_direction(client, db, make_person, sign_in_as):
    person = make_person(Role.ADMINISTRATOR, given_name="نادیہ")
    sign_in_as(person)
    page = client.get("/people/").get_data(as_text=True)
    assert '<bdi dir="auto">نادیہ Person</bdi>' in page
    person.given_name = "<b>x</b>"
    db.flush()
    assert '<bdi dir="auto">&lt;b&gt;x&lt;/b&gt; Person</bdi>' in client.get("/people/").get_data(as_text=True)


def test_fields_people_type_in_take_the_direction_of_what_is_typed(app):
    from accreditation.review.forms import ConflictForm

    with app.test_request_context():
        form = ConflictForm(meta={"csrf": False})
        html = app.jinja_env.from_string(
            '{% from "macros/forms.jinja" import field %}{{ field(form.note) }}{{ field(form.team) }}'
        ).render(form=form)
    assert re.search(r'<textarea[^>]*name="note"[^>]*dir="auto"', html)
    assert not re.search(r'<select[^>]*dir=', html)  # a choice, not typed: the page's direction

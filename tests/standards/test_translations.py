"""Translations of the standards: checked against their source, shown in the page's language, never a change
to the published set."""
import shutil

import pytest

from accreditation.config import PROJECT_ROOT
from accreditation.roles import Role
from accreditation.standards.loader import StandardsError, load_standards, read_set
from accreditation.standards.translations import read_translations
from tests.i18n import pseudo

SOURCE_NAME = "sula-2026.1.toml"


@pytest.fixture
def standards(tmp_path):
    return pseudo.write_standards(tmp_path / "standards", "pl")


def test_every_translation_in_the_repository_matches_its_source():
    found = read_translations(PROJECT_ROOT / "standards")
    assert found[("2026.1", "pl")]["standards"]["WEL-01"]["title"] == "Przyjęty serdecznie i znany z imienia"


def test_a_full_translation_is_read_by_code(standards):
    found = read_translations(standards)
    polish = found[("2026.1", "pl")]
    assert polish["standards"]["WEL-01"]["title"] == "⟦Welcomed and known by name⟧"
    assert len(polish["standards"]) == 24 and polish["needs_review"] is True
    assert polish["set"]["title"] == "⟦Service user-led standards⟧"


def _broken(standards, old, new):
    path = standards / "translations" / "pl" / SOURCE_NAME
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize("old, new, expected", [
    ('code = "WEL-02"', 'code = "WEL-99"', 'field "standards": no translation of WEL-02'),
    ('easy_read = ', 'easy_reading = ', 'standards[0] (WEL-01): field "easy_read" is missing'),
    ('what_good_looks_like = ["', 'what_good_looks_like = ["One more", "', 'standards (WEL-01): field "what_good_looks_like" should have'),
    ('version = "2026.1"', 'version = "2027.1"', 'field "version" should be 2026.1'),
    ('code = "WEL-01"', 'code = "WEL-01"\ntier = "expected"', 'standards[0] (WEL-01): field "tier" is not translated text'),
    ('needs_review = true', 'needs_review = "yes"', 'field "needs_review" should be a bool'),
])
def test_a_translation_that_does_not_match_its_source_is_refused_naming_the_file_and_field(standards, old, new, expected):
    path = _broken(standards, old, new)
    with pytest.raises(StandardsError) as error:
        read_translations(standards)
    assert str(error.value).startswith(str(path)) and expected in str(error.value)


def test_a_translation_into_a_language_the_service_does_not_have_is_refused(standards):
    shutil.copytree(standards / "translations" / "pl", standards / "translations" / "xx")
    with pytest.raises(StandardsError, match="xx is not one of the service's languages"):
        read_translations(standards)


def test_translations_leave_the_published_set_and_its_digest_alone(db, standards):
    assert read_set(standards / SOURCE_NAME)["digest"] == read_set(PROJECT_ROOT / "standards" / SOURCE_NAME)["digest"]
    assert load_standards(db, standards) == []  # already published, and unchanged


def test_pages_show_the_standards_in_the_persons_language(app, client, tmp_path, monkeypatch, make_person, sign_in_as):
    pseudo.write_catalogue(tmp_path, "pl", {"Sign in": "Zaloguj się"})
    pseudo.use(app, monkeypatch, tmp_path)  # Polish offered; the standards are the repository's own
    sign_in_as(make_person(Role.ASSESSOR))
    page = client.get("/standards/2026.1/WEL-01", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert "WEL-01: Przyjęty serdecznie i znany z imienia" in page
    assert "Personel wita się ze mną." in page and "Przyjęcie i traktowanie z godnością" in page
    assert "This translation of the standards is being checked." in page  # needs_review = true
    cards = client.get("/standards/2026.1/", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert "Standardy opracowane przez osoby korzystające z usług" in cards
    english = client.get("/standards/2026.1/WEL-01", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Welcomed and known by name" in english and "Przyjęty" not in english


def test_a_translated_page_needs_no_more_queries_than_the_english_one(app, client, db, tmp_path, monkeypatch,
                                                                         make_person, sign_in_as):
    from accreditation.db import count_queries

    pseudo.write_catalogue(tmp_path, "pl", {"Sign in": "Zaloguj się"})
    pseudo.use(app, monkeypatch, tmp_path)
    sign_in_as(make_person(Role.ASSESSOR))
    engine = app.extensions["db"].engine
    counts = {}
    for language in ("en", "pl"):
        client.get("/standards/2026.1/", headers={"Accept-Language": language})  # warm the caches
        with count_queries(engine) as queries:
            page = client.get("/standards/2026.1/", headers={"Accept-Language": language}).get_data(as_text=True)
        counts[language] = len(queries)
    assert "Przyjęty serdecznie i znany z imienia" in page  # the last one, in Polish
    assert counts["pl"] == counts["en"]

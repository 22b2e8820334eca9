from sqlalchemy import select

from accreditation.roles import Role
from accreditation.standards.models import Standard


def test_standards_are_listed_by_theme_and_each_has_its_page(client, make_person, sign_in_as, db):
    sign_in_as(make_person(Role.ASSESSOR))
    listing = client.get("/standards/").get_data(as_text=True)
    assert "Being welcomed and treated with dignity" in listing
    assert listing.count('class="nhsuk-card__link"') == 24
    assert "published 1 April 2026" in listing
    standard = db.scalar(select(Standard).where(Standard.code == "SAF-01"))
    page = client.get("/standards/2026.1/SAF-01").get_data(as_text=True)
    assert standard.statement in page.replace("&#39;", "'")
    assert "Easy read" in page and "What good looks like" in page and "Examples of evidence" in page


def test_unknown_versions_and_codes_are_not_found(client, make_person, sign_in_as):
    sign_in_as(make_person(Role.ASSESSOR))
    assert client.get("/standards/1999.1/").status_code == 404
    assert client.get("/standards/2026.1/XYZ-99").status_code == 404

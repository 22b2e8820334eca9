"""The drafts pages: the standards group edits and sends, a QA coordinator approves or returns, nobody else sees."""
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.roles import Role
from accreditation.standards.models import Standard, StandardsStatus, StandardsVersion
from tests.conftest import page_text
from tests.cycle_fixtures import post
from tests.i18n import pseudo

GOOD = {
    "title": "Welcomed by name, every time", "statement": "Staff greet me by the name I choose.",
    "easy_read": "Staff say hello. They use my name.", "what_good_looks_like": "Names asked on arrival\n\nName badges",
    "evidence_examples": "Feedback from service users", "tier": "expected",
}


@pytest.fixture
def group(make_person):
    return make_person(Role.STANDARDS_GROUP_MEMBER)


@pytest.fixture
def qa(make_person):
    return make_person(Role.QA_COORDINATOR)


@pytest.fixture
def draft_url(client, sign_in_as, group):
    sign_in_as(group)
    started = post(client, "/standards/drafts/start", {}, page="/standards/drafts/")
    assert started.status_code == 302
    return started.headers["Location"]


def drafted(db):
    return db.scalar(select(StandardsVersion).where(StandardsVersion.status != StandardsStatus.PUBLISHED))


def test_the_group_starts_a_draft_and_changes_a_standard(client, db, draft_url):
    page = page_text(client.get(draft_url))
    assert "New version based on 2026.1" in page and page.count(">Change<") == 24
    edit = draft_url + "standards/WEL-01"
    saved = post(client, edit, GOOD)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#standard-WEL-01")
    changed = db.scalar(select(Standard).where(Standard.version_id == drafted(db).id, Standard.code == "WEL-01"))
    assert changed.what_good_looks_like == ["Names asked on arrival", "Name badges"] and changed.tier.value == "expected"
    preview = page_text(client.get(draft_url + "preview"))
    assert "WEL-01: Welcomed by name, every time" in preview and "<li>Name badges</li>" in preview


def test_bad_input_is_explained_and_nothing_typed_is_lost_or_saved(client, db, draft_url):
    edit = draft_url + "standards/WEL-01"
    refused = post(client, edit, GOOD | {"statement": "", "evidence_examples": "  \n  ", "title": "A new title I typed"})
    page = page_text(refused)
    assert refused.status_code == 400
    assert "Enter the standard" in page and "Enter at least one example of evidence" in page
    assert 'value="A new title I typed"' in page and "Names asked on arrival" in page
    assert db.scalar(select(Standard).where(Standard.version_id == drafted(db).id, Standard.code == "WEL-01")).title == \
        "Welcomed and known by name"


def test_sent_then_returned_with_a_reason_then_approved(client, db, sign_in_as, draft_url, qa, group):
    sent = post(client, draft_url + "send", {}, page=draft_url)
    assert sent.status_code == 302 and drafted(db).status is StandardsStatus.AWAITING_APPROVAL
    assert ">Change<" not in client.get(draft_url).get_data(as_text=True)

    sign_in_as(qa)
    no_reason = post(client, draft_url + "return", {"reason": " "}, page=draft_url)
    assert no_reason.status_code == 400 and "Say what the standards group should change" in page_text(no_reason)
    post(client, draft_url + "return", {"reason": "Shorter easy read, please"}, page=draft_url)
    sign_in_as(group)
    assert "Shorter easy read, please" in page_text(client.get(draft_url))
    post(client, draft_url + "send", {}, page=draft_url)

    sign_in_as(qa)
    published = post(client, draft_url + "approve", {}, page=draft_url)
    label = f"{date.today().year}.{2 if date.today().year == 2026 else 1}"
    assert published.headers["Location"] == f"/standards/{label}/"
    assert "The new version is published." in page_text(client.get(published.headers["Location"]))
    assert client.get(draft_url).status_code == 404  # no longer a draft


def test_teams_and_assessors_never_see_a_draft(client, db, sign_in_as, make_person, draft_url, larch):
    post(client, draft_url + "standards/WEL-01", GOOD)
    for role in (Role.ASSESSOR, Role.TEAM_LEAD, Role.PANEL_CHAIR):
        sign_in_as(make_person(role, team=larch))
        listing = page_text(client.get("/standards/"))
        assert "Welcomed by name, every time" not in listing and "Other versions" not in listing
        assert client.get(draft_url).status_code == 403


def test_a_new_version_without_a_translation_shows_english(app, client, db, sign_in_as, tmp_path, monkeypatch, draft_url, qa):
    post(client, draft_url + "standards/WEL-01", GOOD)
    post(client, draft_url + "send", {}, page=draft_url)
    sign_in_as(qa)
    label = post(client, draft_url + "approve", {}, page=draft_url).headers["Location"].split("/")[2]
    pseudo.write_catalogue(tmp_path, "pl", {"Sign in": "Zaloguj się"})
    pseudo.use(app, monkeypatch, tmp_path)
    page = client.get(f"/standards/{label}/WEL-01", headers={"Accept-Language": "pl"})
    assert page.status_code == 200
    text = page_text(page)
    assert "WEL-01: Welcomed by name, every time" in text and "This translation of the standards is being checked." not in text
    old = page_text(client.get("/standards/2026.1/WEL-01", headers={"Accept-Language": "pl"}))
    assert "Przyjęty serdecznie i znany z imienia" in old

"""The read-only API: bearer tokens per client (only a hash kept, revocable), JSON errors, and its OpenAPI file."""
import hashlib

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from accreditation.assurance.clients import create_api_client, revoke_api_client
from accreditation.assurance.models import ApiClient
from accreditation.audit import AuditEntry
from accreditation.roles import Role
from tests.cycle_fixtures import post

ENDPOINTS = ["/api/v1/register", "/api/v1/decisions", "/api/v1/actions"]


@pytest.fixture
def admin(make_person):
    return make_person(Role.ADMINISTRATOR)


@pytest.fixture
def token(db, admin):
    _client, token = create_api_client(db, admin, "Quality dashboard")
    db.flush()
    return token


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Basic dXNlcjpwYXNz"},
                                     {"Authorization": "Bearer sula_not-a-real-token"}])
def test_no_token_or_a_bad_token_gets_401_in_json(client, path, headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.is_json and "error" in response.get_json()
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_signed_in_session_is_not_enough(client, path, make_person, sign_in_as):
    sign_in_as(make_person(Role.QA_COORDINATOR))
    assert client.get(path).status_code == 401


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_revoked_token_gets_401(client, db, admin, token, path):
    assert client.get(path, headers=bearer(token)).status_code == 200
    revoke_api_client(db, admin, db.scalar(select(ApiClient)))
    db.flush()
    response = client.get(path, headers=bearer(token))
    assert response.status_code == 401 and response.get_json()["error"]


def test_only_a_hash_of_the_token_is_kept(db, token):
    stored = db.scalar(select(ApiClient))
    assert token not in (stored.token_hash, stored.token_prefix, stored.name)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(stored.token_prefix)


def test_register_lists_every_team_with_status_and_sets_no_cookie(client, history, token):
    response = client.get("/api/v1/register?limit=1000", headers=bearer(token))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    body = response.get_json()
    assert len(body["teams"]) == 12 and body["next_after"] is None
    rowan = next(t for t in body["teams"] if t["team"] == "Rowan Ward")
    assert (rowan["status"], rowan["award"], rowan["valid_from"], rowan["valid_until"]) == ("gold", "gold", "2026-01-10", "2029-01-10")


def test_register_pages_by_team_id(client, history, token):
    first = client.get("/api/v1/register?limit=5", headers=bearer(token)).get_json()
    assert len(first["teams"]) == 5 and first["next_after"] == first["teams"][-1]["team_id"]
    second = client.get(f"/api/v1/register?limit=5&after={first['next_after']}", headers=bearer(token)).get_json()
    assert second["teams"][0]["team_id"] > first["next_after"]
    assert client.get("/api/v1/register?limit=0", headers=bearer(token)).status_code == 400
    assert client.get("/api/v1/register?status=platinum", headers=bearer(token)).status_code == 400


def test_decisions_list_each_decision_once_in_order(client, history, token):
    body = client.get("/api/v1/decisions", headers=bearer(token)).get_json()
    assert [d["team"] for d in body["decisions"]] == [
        "Rowan Ward", "Rowan Ward", "Willow Ward", "Diabetes Clinic", "Harbour Lane Surgery"]
    assert body["decisions"][-1]["outcome"] == "silver"


def test_openapi_document_is_valid_openapi_3_1_and_describes_every_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)  # raises if it is not a valid OpenAPI document
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == set(ENDPOINTS)
    assert all("401" in document["paths"][p]["get"]["responses"] for p in ENDPOINTS)


def test_administrator_creates_a_client_sees_the_token_once_and_revokes_it(client, db, admin, sign_in_as):
    sign_in_as(admin)
    page = post(client, "/assurance/api-clients", {"name": "Board dashboard"})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    stored = db.scalar(select(ApiClient).where(ApiClient.name == "Board dashboard"))
    token = html.split('id="token" type="text" value="')[1].split('"')[0]
    assert hashlib.sha256(token.encode()).hexdigest() == stored.token_hash
    listing = client.get("/assurance/api-clients").get_data(as_text=True)
    assert token not in listing and stored.token_prefix in listing
    assert client.get("/api/v1/decisions", headers=bearer(token)).status_code == 200
    response = post(client, f"/assurance/api-clients/{stored.id}/revoke", {}, page="/assurance/api-clients")
    assert response.status_code == 302
    assert client.get("/api/v1/decisions", headers=bearer(token)).status_code == 401
    actions = set(db.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "api_client")))
    assert actions == {"api_client.created", "api_client.revoked"}


def test_a_client_needs_a_name(client, admin, sign_in_as):
    sign_in_as(admin)
    response = post(client, "/assurance/api-clients", {"name": "  "})
    assert response.status_code == 400 and "Enter a name for the client" in response.get_data(as_text=True)

"""Every route declares what it needs, and the role x route table holds for every role."""
import pytest
from flask import Flask

from accreditation import create_app
from accreditation.roles import Role

ALL = frozenset(Role)
ANONYMOUS = "anonymous"
PUBLIC = "public"

# The table: endpoint -> (method, URL values, who may use it). Written out, not derived from the matrix,
# so a change to the matrix that opens or closes a page shows up here.
TABLE = {
    "home.index": ("GET", {}, PUBLIC),
    "home.health": ("GET", {}, PUBLIC),
    "auth.sign_in": ("GET", {}, PUBLIC),
    "auth.change_language": ("POST", {}, PUBLIC),
    "assets.nhsuk": ("GET", {"filename": "nhsuk-frontend.min.css"}, PUBLIC),
    "assets.nhsuk_images": ("GET", {"filename": "images/favicon.svg"}, PUBLIC),
    "assets.app_static": ("GET", {"filename": "app.css"}, PUBLIC),
    "home.home": ("GET", {}, ALL),
    "auth.sign_out": ("POST", {}, ALL),
    "standards.index": ("GET", {}, ALL),
    "standards.version": ("GET", {"label": "2026.1"}, ALL),
    "standards.standard": ("GET", {"label": "2026.1", "code": "WEL-01"}, ALL),
    "organisation.index": ("GET", {}, {Role.QA_COORDINATOR, Role.BOARD_VIEWER, Role.ADMINISTRATOR}),
    "auth.people": ("GET", {}, {Role.ADMINISTRATOR}),
}


def test_every_route_declares_what_it_needs(app: Flask):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "required", None) is None
    ]
    assert undeclared == []


def test_the_table_covers_every_route(app: Flask):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(TABLE)


def test_a_route_that_declares_nothing_is_refused(tmp_path, database_url):
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert app.test_client().get("/forgotten").status_code == 500


def _request(client, app, endpoint):
    method, values, _who = TABLE[endpoint]
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **values)
    return client.open(url, method=method)


@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_signed_out_people_reach_only_public_routes(client, app, endpoint):
    response = _request(client, app, endpoint)
    if TABLE[endpoint][2] == PUBLIC:
        assert response.status_code < 400 or response.status_code == 400 and TABLE[endpoint][0] == "POST"
    else:
        assert response.status_code == 302
        assert "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", sorted(Role))
@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_role_by_route(client, app, db, make_person, sign_in_as, role, endpoint):
    from accreditation.organisation.models import Team
    from sqlalchemy import select

    team = db.scalar(select(Team).where(Team.name == "Larch Ward"))
    sign_in_as(make_person(role, team=team))
    response = _request(client, app, endpoint)
    who = TABLE[endpoint][2]
    if who == PUBLIC or role in who:
        # Allowed: POSTs without a form token are refused by CSRF (400), never by access (403).
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 302:
            assert "/sign-in" not in response.headers["Location"]
    else:
        assert response.status_code == 403

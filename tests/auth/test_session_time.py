"""A session lasts its configured time from signing in or from "Stay signed in", and the page knows how long."""
import re
import time

from accreditation.roles import Role
from tests.auth.test_sign_in import post_sign_in
from tests.conftest import TEST_PASSWORD


def seconds_left(page: str) -> int:
    return int(re.search(r'data-seconds-left="(\d+)"', page).group(1))


def test_the_page_carries_the_warning_with_the_time_left(client, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    post_sign_in(client, "a@example.test", TEST_PASSWORD)
    page = client.get("/home").get_data(as_text=True)
    assert 8 * 3600 - 5 <= seconds_left(page) <= 8 * 3600
    assert 'role="alertdialog"' in page and "Stay signed in" in page
    # No inline script without the page's nonce (the content security policy would block it).
    assert all("src=" in tag or "nonce=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert "session-timeout.js" in page


def test_a_session_past_its_time_is_signed_out_and_keeps_the_language(client, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    post_sign_in(client, "a@example.test", TEST_PASSWORD)
    with client.session_transaction() as session:
        session["expires_at"] = int(time.time()) - 1
        session["locale"] = "en_GB"
    response = client.get("/home")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    with client.session_transaction() as session:
        assert "_user_id" not in session and session["locale"] == "en_GB"


def test_stay_signed_in_starts_the_time_again(client, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    post_sign_in(client, "a@example.test", TEST_PASSWORD)
    with client.session_transaction() as session:
        session["expires_at"] = int(time.time()) + 60
    page = client.get("/home").get_data(as_text=True)
    assert seconds_left(page) <= 60
    token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    assert client.post("/session/extend").status_code == 400  # a form token is needed
    response = client.post("/session/extend", headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == 200 and response.json["seconds_left"] >= 8 * 3600 - 5
    assert seconds_left(client.get("/home").get_data(as_text=True)) >= 8 * 3600 - 5

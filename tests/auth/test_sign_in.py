from datetime import timedelta

import pytest
from sqlalchemy import func, select

from accreditation.auth.models import SignInAttempt
from accreditation.auth.services import ThrottlePolicy, Throttled, sign_in, throttle_wait
from accreditation.db import utcnow
from accreditation.roles import Role
from tests.conftest import TEST_PASSWORD, csrf_token

GENERIC = "Enter a correct email address and password"


def post_sign_in(client, email, password, next_url=None):
    token = csrf_token(client, "/sign-in")
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": token, "email": email, "password": password})


def test_signing_in_lands_on_the_home_page_for_the_role(client, make_person):
    make_person(Role.PANEL_CHAIR, email="chair@example.test", given_name="Rosa")
    response = post_sign_in(client, "  Chair@Example.TEST ", TEST_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    page = client.get("/home").get_data(as_text=True)
    assert "Hello, Rosa" in page
    assert "As a panel chair" in page
    assert "As a team lead" not in page


def test_unknown_email_and_wrong_password_get_the_same_message(client, make_person):
    make_person(Role.ASSESSOR, email="known@example.test")
    unknown = post_sign_in(client, "nobody@example.test", TEST_PASSWORD).get_data(as_text=True)
    wrong = post_sign_in(client, "known@example.test", "not the password").get_data(as_text=True)
    for page in (unknown, wrong):
        assert GENERIC in page
        assert "There is a problem" in page
    assert 'value="known@example.test"' in wrong  # what they typed is kept, except the password
    assert "not the password" not in wrong


def test_empty_fields_are_named_in_the_error_summary(client):
    page = post_sign_in(client, "", "").get_data(as_text=True)
    assert 'href="#email"' in page and "Enter your email address" in page
    assert 'href="#password"' in page and "Enter your password" in page
    assert "<title>Error:" in page


def test_a_deactivated_person_cannot_sign_in(client, make_person, db):
    person = make_person(Role.ASSESSOR, email="left@example.test")
    person.active = False
    db.flush()
    assert GENERIC in post_sign_in(client, "left@example.test", TEST_PASSWORD).get_data(as_text=True)


def test_next_goes_back_to_the_page_asked_for_but_never_off_site(client, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    response = client.get("/standards/")
    assert response.status_code == 302 and "/sign-in?next=" in response.headers["Location"]
    assert post_sign_in(client, "a@example.test", TEST_PASSWORD, "/standards/").headers["Location"] == "/standards/"
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/home")})
    off_site = post_sign_in(client, "a@example.test", TEST_PASSWORD, "//evil.example/")
    assert off_site.headers["Location"] == "/home"


def test_sign_out_ends_the_session(client, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    post_sign_in(client, "a@example.test", TEST_PASSWORD)
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/home")}, follow_redirects=True)
    assert "You have signed out." in response.get_data(as_text=True)
    assert client.get("/home").status_code == 302


def test_forms_without_a_valid_token_are_refused_and_change_nothing(client, make_person, db):
    make_person(Role.ASSESSOR, email="a@example.test")
    before = db.scalar(select(func.count(SignInAttempt.id)))
    response = client.post("/sign-in", data={"email": "a@example.test", "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "This page had expired" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(SignInAttempt.id))) == before


def test_pages_forbid_framing_and_scripts_from_elsewhere(client):
    headers = client.get("/sign-in").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


POLICY = ThrottlePolicy(max_failures=5, max_failures_per_address=50, window=timedelta(minutes=15))


def test_five_failures_lock_the_account_until_the_window_passes(db, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    start = utcnow()
    for minute in range(5):
        assert sign_in(db, "a@example.test", "wrong", "10.0.0.1", POLICY, start + timedelta(minutes=minute)) is None
    with pytest.raises(Throttled) as locked:
        sign_in(db, "a@example.test", TEST_PASSWORD, "10.0.0.1", POLICY, start + timedelta(minutes=5))
    assert locked.value.minutes == 10  # the first failure leaves the 15-minute window at minute 15
    # Trying while locked does not extend the lock.
    with pytest.raises(Throttled):
        sign_in(db, "a@example.test", TEST_PASSWORD, "10.0.0.1", POLICY, start + timedelta(minutes=14))
    assert sign_in(db, "a@example.test", TEST_PASSWORD, "10.0.0.1", POLICY, start + timedelta(minutes=15, seconds=1))


def test_a_success_clears_the_count_for_that_email(db, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    now = utcnow()
    for _ in range(4):
        sign_in(db, "a@example.test", "wrong", "10.0.0.1", POLICY, now)
    assert sign_in(db, "a@example.test", TEST_PASSWORD, "10.0.0.1", POLICY, now + timedelta(seconds=1))
    for _ in range(4):
        sign_in(db, "a@example.test", "wrong", "10.0.0.1", POLICY, now + timedelta(seconds=2))
    assert throttle_wait(db, "a@example.test", "10.0.0.1", POLICY, now + timedelta(seconds=3)) is None


def test_many_failures_from_one_address_lock_that_address_for_every_email(db):
    now = utcnow()
    policy = ThrottlePolicy(max_failures=5, max_failures_per_address=3, window=timedelta(minutes=15))
    for n in range(3):
        sign_in(db, f"guess{n}@example.test", "wrong", "10.9.9.9", policy, now)
    with pytest.raises(Throttled):
        sign_in(db, "someone.else@example.test", "wrong", "10.9.9.9", policy, now)
    assert sign_in(db, "someone.else@example.test", "wrong", "10.1.1.1", policy, now) is None


def test_the_locked_page_says_when_to_try_again(client, make_person):
    make_person(Role.ASSESSOR, email="a@example.test")
    for _ in range(5):
        post_sign_in(client, "a@example.test", "wrong")
    response = post_sign_in(client, "a@example.test", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Try again in 15 minutes." in response.get_data(as_text=True)


def test_signing_out_everywhere_ends_every_session_of_that_person_and_no_one_else_s(app, client, db, make_person):
    from accreditation.audit import AuditEntry

    person = make_person(Role.ASSESSOR, email="phone.lost@example.test")
    make_person(Role.ASSESSOR, email="someone.else@example.test")
    laptop, phone, other = client, app.test_client(), app.test_client()
    for browser, email in ((laptop, "phone.lost@example.test"), (phone, "phone.lost@example.test"), (other, "someone.else@example.test")):
        assert post_sign_in(browser, email, TEST_PASSWORD).status_code == 302
        assert browser.get("/home").status_code == 200
    token = csrf_token(laptop, "/preferences")
    response = laptop.post("/sign-out-everywhere", data={"csrf_token": token})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert "/sign-in" in phone.get("/home").headers["Location"]  # the lost phone is signed out too
    assert other.get("/home").status_code == 200
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "person.signed_out_everywhere")) == 1
    assert post_sign_in(phone, "phone.lost@example.test", TEST_PASSWORD).status_code == 302  # signing in again works
    assert phone.get("/home").status_code == 200


def test_deactivating_a_person_ends_their_session_at_the_next_request(client, db, make_person):
    person = make_person(Role.ASSESSOR, email="leaving@example.test")
    assert post_sign_in(client, "leaving@example.test", TEST_PASSWORD).status_code == 302
    assert client.get("/home").status_code == 200
    person.active = False
    db.flush()
    assert "/sign-in" in client.get("/home").headers["Location"]

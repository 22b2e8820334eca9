"""The self-assessment through HTTP: who sees what, saving, conflicts, evidence, submitting and returning."""
import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.db import count_queries
from accreditation.organisation.models import Team
from accreditation.roles import Role
from accreditation.selfassessment import queries, services
from accreditation.selfassessment.models import EvidenceKind, SelfAssessmentStatus
from tests.conftest import csrf_token, page_text
from tests.cycle_fixtures import COMPLETE
from tests.selfassessment.test_evidence_files import ELF, pdf_bytes


@pytest.fixture
def url(cycle):
    base = f"/self-assessments/{cycle.self_assessment.id}"
    return lambda path="": base + path


def post(client, url, data, page=None, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, page or url), **data}, **kwargs)


def test_people_from_another_team_get_not_found(client, db, url, make_person, sign_in_as, cycle, people):
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    sign_in_as(make_person(Role.TEAM_LEAD, team=rowan))
    for path in ("/", "/standards/WEL-01", "/submit", "/standards/WEL-01/evidence"):
        assert client.get(url(path)).status_code == 404, path


def test_a_team_member_sees_the_task_list_with_states(client, url, sign_in_as, people, db, cycle):
    wel = cycle.standards[0]
    services.save_answer(db, people["member"], cycle.self_assessment, wel, {"rating": "met"}, 0)
    sign_in_as(people["member"])
    page = client.get(url("/")).get_data(as_text=True)
    assert "0 of 24 standards completed" in page
    assert page.count("Not started") == 23 and page.count("In progress") == 1


def test_saving_an_answer_keeps_it_and_moves_to_the_next_standard(client, url, sign_in_as, people):
    sign_in_as(people["member"])
    response = post(client, url("/standards/WEL-01"), {**COMPLETE, "revision": "0", "next": "WEL-02"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/standards/WEL-02")
    page = client.get(url("/standards/WEL-01")).get_data(as_text=True)
    assert COMPLETE["how_we_meet"] in page and "Saved at" in page


def test_autosave_answers_with_the_time_and_the_new_revision(client, url, sign_in_as, people):
    sign_in_as(people["member"])
    response = post(client, url("/standards/WEL-01/autosave"), {"how_we_meet": "Half", "revision": "0"}, page=url("/standards/WEL-01"))
    assert response.status_code == 200
    assert response.json["revision"] == 1 and response.json["message"].startswith("Saved at ")


def test_the_second_save_sees_both_versions_and_loses_nothing(client, url, sign_in_as, people, db, cycle):
    wel = cycle.standards[0]
    services.save_answer(db, people["other_member"], cycle.self_assessment, wel, {"how_we_meet": "Kit's words"}, 0)
    sign_in_as(people["member"])
    response = post(client, url("/standards/WEL-01"), {"how_we_meet": "Mo's words", "revision": "0"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "Someone else has changed this standard" in page
    assert "Kit's words" in page and "Mo's words" in page
    assert 'name="revision" type="hidden" value="1"' in page
    # Choosing to keep their own version: saving again from the revision they have now seen.
    assert post(client, url("/standards/WEL-01"), {"how_we_meet": "Mo's words", "revision": "1"}).status_code == 302
    assert services.answer_for(db, cycle.self_assessment, wel).how_we_meet == "Mo's words"


def test_an_nhs_number_in_an_answer_is_refused_on_the_form(client, url, sign_in_as, people, db, cycle):
    sign_in_as(people["member"])
    response = post(client, url("/standards/WEL-01"), {"how_we_meet": "As with 943 476 5919", "revision": "0"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This looks like an NHS number" in page and 'href="#how_we_meet"' in page
    assert services.answer_for(db, cycle.self_assessment, cycle.standards[0]) is None


def test_an_answer_too_long_is_refused_on_the_form_and_what_was_typed_stays(client, url, sign_in_as, people, db, cycle):
    sign_in_as(people["member"])
    typed = "We ask everyone. " * 600  # over 10,000 characters
    response = post(client, url("/standards/WEL-01"), {"how_we_meet": typed, "revision": "0"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "This must be 10000 characters or fewer" in page and typed.strip() in page
    assert services.answer_for(db, cycle.self_assessment, cycle.standards[0]) is None


def test_a_pdf_is_uploaded_listed_and_downloaded_as_an_attachment(client, url, sign_in_as, people):
    sign_in_as(people["member"])
    response = post(client, url("/standards/WEL-01/evidence"), {
        "kind": "file", "description": "Minutes of the community meeting", "no_patient_information": "y",
        "file": (io.BytesIO(pdf_bytes()), "minutes.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(url("/standards/WEL-01")).get_data(as_text=True)
    assert "minutes.pdf" in page and "Minutes of the community meeting" in page
    download = next(part.split('"')[0] for part in page.split('href="') if "/evidence/" in part.split('"')[0] and "remove" not in part.split('"')[0])
    response = client.get(download)
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment")


def stored_files(app):
    root = app.extensions["storage"].root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_renamed_program_is_refused_and_what_was_typed_stays(client, url, sign_in_as, people, app):
    sign_in_as(people["member"])
    before = stored_files(app)
    response = post(client, url("/standards/WEL-01/evidence"), {
        "kind": "file", "description": "Our audit results", "no_patient_information": "y",
        "file": (io.BytesIO(ELF), "audit.pdf"),
    }, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must be a PDF, Word, Excel, PowerPoint, PNG, JPEG or plain text" in page
    assert "Our audit results" in page
    assert stored_files(app) == before


def test_evidence_needs_the_confirmation_that_nobody_is_identified(client, url, sign_in_as, people):
    sign_in_as(people["member"])
    response = post(client, url("/standards/WEL-01/evidence"), {"kind": "at_visit", "description": "Notice board"})
    assert response.status_code == 400
    assert "Confirm that the evidence does not identify anyone" in response.get_data(as_text=True)


def test_submitting_an_incomplete_self_assessment_links_to_every_gap(client, url, sign_in_as, people):
    sign_in_as(people["lead"])
    response = post(client, url("/submit"), {})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert page.count('href="' + url("/standards/")) >= 24
    assert f'href="{url("/standards/MOV-03")}#rating"' in page


def test_only_the_team_lead_submits_and_then_it_is_read_only(client, url, sign_in_as, people, complete_all, db, cycle):
    complete_all()
    sign_in_as(people["member"])
    assert client.get(url("/submit")).status_code == 403
    sign_in_as(people["lead"])
    response = post(client, url("/submit"), {}, follow_redirects=True)
    assert "Version 1 of your self-assessment is sent" in response.get_data(as_text=True)
    assert cycle.self_assessment.status is SelfAssessmentStatus.SUBMITTED
    page = html.unescape(client.get(url("/standards/WEL-01")).get_data(as_text=True))
    assert "The team's answer" in page and 'name="how_we_meet"' not in page
    blocked = post(client, url("/standards/WEL-01"), {"how_we_meet": "Late change", "revision": "1"}, page=url("/"))
    assert blocked.status_code == 302
    assert services.answer_for(db, cycle.self_assessment, cycle.standards[0]).how_we_meet == COMPLETE["how_we_meet"]


def test_returned_with_comments_the_team_sees_them_and_resubmits(client, url, sign_in_as, people, complete_all, db, cycle):
    complete_all()
    services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    db.flush()
    sign_in_as(people["qa"])
    response = post(client, url("/return"), {"comment_WEL-01": "Please add photos of the welcome board"})
    assert response.status_code == 302
    sign_in_as(people["member"])
    page = client.get(url("/standards/WEL-01")).get_data(as_text=True)
    assert "Please add photos of the welcome board" in page
    sign_in_as(people["lead"])
    assert post(client, url("/submit"), {}).status_code == 302
    history = client.get(url("/")).get_data(as_text=True)
    assert "Version 1, sent" in history and "Version 2, sent" in history
    assert "Please add photos" in client.get(url("/versions/1")).get_data(as_text=True)


def test_returning_needs_at_least_one_comment(client, url, sign_in_as, people, complete_all, db, cycle):
    complete_all()
    services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    db.flush()
    sign_in_as(people["qa"])
    response = post(client, url("/return"), {})
    assert response.status_code == 400
    assert "Say what more information the team needs" in response.get_data(as_text=True)
    assert cycle.self_assessment.status is SelfAssessmentStatus.SUBMITTED


def test_the_qa_team_gives_the_team_more_time(client, url, sign_in_as, people, db, cycle):
    sign_in_as(people["qa"])
    assert "Change the deadline" in client.get(url("/")).get_data(as_text=True)
    missing = post(client, url("/deadline"), {"due[day]": "30", "due[month]": "4", "due[year]": "2099", "reason": ""})
    assert missing.status_code == 400 and "Say why the deadline changes" in missing.get_data(as_text=True)
    assert 'value="2099"' in missing.get_data(as_text=True)  # what was typed is kept
    moved = post(client, url("/deadline"), {"due[day]": "30", "due[month]": "4", "due[year]": "2099",
                                             "reason": "The ward closed for two weeks"})
    assert moved.status_code == 302
    assert "The deadline for Larch Ward is now 30 April 2099." in html.unescape(client.get(moved.headers["Location"]).get_data(as_text=True))
    sign_in_as(people["member"])
    assert "by 30 April 2099" in html.unescape(client.get(url("/")).get_data(as_text=True))
    assert "Change the deadline" not in client.get(url("/")).get_data(as_text=True)


def test_a_missed_deadline_is_shown_to_the_qa_team_and_to_the_team(client, url, sign_in_as, people, db, cycle):
    sign_in_as(people["qa"])
    cycle.self_assessment_due = date(2099, 1, 30)
    db.flush()
    assert "Overdue" not in page_text(client.get("/self-assessments/"))
    cycle.self_assessment_due = date(2026, 1, 30)  # time passes
    db.flush()
    assert re.search(r"30 January 2026\s*<strong[^>]*>\s*Overdue", page_text(client.get("/self-assessments/")))
    sign_in_as(people["member"])
    for page in (url("/"), "/home"):
        assert "The deadline was 30 January 2026." in page_text(client.get(page)), page


@pytest.mark.parametrize("path", ["/", "/standards/WEL-01"])
def test_pages_use_a_fixed_number_of_queries_whatever_the_evidence(app, client, url, sign_in_as, people, db, cycle, path):
    sign_in_as(people["member"])
    wel = cycle.standards[0]

    def add_evidence(n):
        for i in range(n):
            services.add_other_evidence(db, people["member"], cycle.self_assessment, wel, kind=EvidenceKind.AT_VISIT, description=f"Item {i}")
        db.flush()

    add_evidence(1)
    client.get(url(path))  # the pinned standards are read once per app server, on its first such page
    with count_queries(app.extensions["db"].engine) as few:
        assert client.get(url(path)).status_code == 200
    add_evidence(40)
    with count_queries(app.extensions["db"].engine) as many:
        assert client.get(url(path)).status_code == 200
    assert len(many) == len(few)


def test_enrolling_a_team_opens_its_self_assessment(client, sign_in_as, people, db):
    sign_in_as(people["qa"])
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    response = post(client, "/self-assessments/enrol", {"team": str(rowan.id), "due[day]": "31", "due[month]": "3", "due[year]": "2099"})
    assert response.status_code == 302
    assert "Rowan Ward is enrolled" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_enrolling_with_a_deadline_already_passed_is_refused(client, sign_in_as, people, db):
    sign_in_as(people["qa"])
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    response = post(client, "/self-assessments/enrol", {"team": str(rowan.id), "due[day]": "1", "due[month]": "3", "due[year]": "2020"})
    assert response.status_code == 400 and "The deadline must be today or later" in response.get_data(as_text=True)
    assert 'value="2020"' in response.get_data(as_text=True)


def test_enrolling_with_a_bad_date_says_so_and_keeps_what_was_typed(client, sign_in_as, people, db):
    sign_in_as(people["qa"])
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    response = post(client, "/self-assessments/enrol", {"team": str(rowan.id), "due[day]": "31", "due[month]": "2", "due[year]": "2027"})
    page = response.get_data(as_text=True)
    assert "Enter a real date" in page and 'href="#due-day"' in page
    assert 'value="31"' in page and f'<option value="{rowan.id}" selected' in page


def test_the_team_home_page_says_where_they_are_and_what_is_next(client, sign_in_as, people, cycle, complete_all, db):
    sign_in_as(people["member"])
    page = html.unescape(client.get("/home").get_data(as_text=True))
    assert "The team is answering the 24 standards" in page and "1 March 2099" in page
    assert "Go to the self-assessment for Larch Ward" in page
    complete_all()
    services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    db.flush()
    page = html.unescape(client.get("/home").get_data(as_text=True))
    assert "The quality assurance team is checking it" in page


def test_an_oversize_upload_is_refused_on_the_form(client, url, sign_in_as, people, app):
    sign_in_as(people["member"])
    before = stored_files(app)
    response = post(client, url("/standards/WEL-01/evidence"), {
        "kind": "file", "description": "Scanned audit", "no_patient_information": "y",
        "file": (io.BytesIO(b"%PDF-1.7" + bytes(21 * 1024 * 1024)), "audit.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The file must be smaller than 20 MB" in page and "Scanned audit" in page
    assert stored_files(app) == before


def test_a_draft_is_still_there_after_signing_in_again(client, url, people, db):
    from tests.auth.test_sign_in import post_sign_in
    from tests.conftest import TEST_PASSWORD

    post_sign_in(client, people["member"].email, TEST_PASSWORD)
    post(client, url("/standards/WEL-01/autosave"), {"how_we_meet": "Typed before my session ended", "revision": "0"}, page=url("/standards/WEL-01"))
    client.delete_cookie("session")  # the session times out
    assert client.get(url("/standards/WEL-01")).status_code == 302
    post_sign_in(client, people["member"].email, TEST_PASSWORD)
    assert "Typed before my session ended" in client.get(url("/standards/WEL-01")).get_data(as_text=True)


def test_autosave_after_the_session_ends_says_so_in_plain_words(client, url):
    response = client.post(url("/standards/WEL-01/autosave"), data={"how_we_meet": "x"}, headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert "you have been signed out" in response.json["message"]


def test_the_qa_list_of_open_self_assessments_comes_in_pages(client, sign_in_as, people, cycle, db, monkeypatch):
    from accreditation.selfassessment import queries

    sign_in_as(people["qa"])
    assert "Larch Ward" in client.get("/self-assessments/").get_data(as_text=True)
    assert client.get("/self-assessments/?page=2").status_code == 404
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    services.enrol_team(db, people["qa"], rowan, cycle.self_assessment_due, today=date(2026, 12, 1))
    db.flush()
    monkeypatch.setattr(queries, "PAGE_SIZE", 1)
    first = client.get("/self-assessments/").get_data(as_text=True)
    second = client.get("/self-assessments/?page=2").get_data(as_text=True)
    assert "Larch Ward" in first and "Rowan Ward" not in first and "Page 2 of 2" in first
    assert "Rowan Ward" in second and "Larch Ward" not in second


def test_the_qa_team_withdraws_a_team_from_its_cycle_with_a_reason(client, url, sign_in_as, people, db, cycle):
    sign_in_as(people["qa"])
    assert "Withdraw the team from this cycle" in page_text(client.get(url("/")))
    missing = post(client, url("/withdraw"), {"reason": ""})
    assert missing.status_code == 400 and "Say why the team leaves the cycle" in page_text(missing)
    assert cycle.self_assessment.status is SelfAssessmentStatus.IN_PROGRESS
    done = post(client, url("/withdraw"), {"reason": "The ward closed in November"})
    assert done.status_code == 302
    page = page_text(client.get(done.headers["Location"]))
    assert "Larch Ward has left the accreditation cycle." in page and "The reason given: The ward closed in November" in page
    assert "Withdraw the team from this cycle" not in page and "Change the deadline" not in page
    assert "Larch Ward" not in page_text(client.get("/self-assessments/"))  # the list of open self-assessments
    sign_in_as(people["member"])
    assert "Your team is not in an accreditation cycle at the moment." in page_text(client.get("/home"))
    kept = client.get(url("/standards/WEL-01"))
    assert kept.status_code == 200 and "Save and return to all standards" not in page_text(kept)
    refused = post(client, url("/standards/WEL-01"), {"rating": "met", "revision": "0"})
    assert "withdrawn from this accreditation cycle" in page_text(client.get(refused.headers["Location"]))


def test_once_a_visit_team_is_allocated_the_withdrawal_page_says_why_not(client, sign_in_as, people, db, review):
    sign_in_as(people["qa"])
    base = f"/self-assessments/{review.self_assessment.id}"
    assert "Withdraw the team from this cycle" not in page_text(client.get(base + "/"))
    refused = post(client, base + "/withdraw", {"reason": "The ward closed"}, page=base + "/")
    assert refused.status_code == 302
    assert "A visit team has been allocated, so the team can no longer be withdrawn." in page_text(
        client.get(refused.headers["Location"]))
    assert review.self_assessment.status is SelfAssessmentStatus.SUBMITTED


def test_the_qa_team_finds_the_team_to_enrol_by_part_of_its_name_or_site(client, sign_in_as, people, db, monkeypatch):
    sign_in_as(people["qa"])
    everyone = page_text(client.get("/self-assessments/enrol"))
    assert "Rowan Ward (Riverside Centre), Riverside NHS Foundation Trust (demo)" in everyone and "Diabetes Clinic" in everyone
    found = page_text(client.get("/self-assessments/enrol?q=rOWAN"))
    assert "Rowan Ward (Riverside Centre)" in found and "Diabetes Clinic" not in found
    assert "Willow Ward" in page_text(client.get("/self-assessments/enrol?q=meadow"))  # its site
    assert "No team without an open cycle matches your search." in page_text(client.get("/self-assessments/enrol?q=50%25"))
    monkeypatch.setattr(queries, "ENROL_CHOICES", 2)  # a national programme: too many to list
    few = client.get("/self-assessments/enrol").get_data(as_text=True)
    assert "Not every team is listed here. Search to find the team you want." in html.unescape(few)
    assert re.search(r'<select[^>]*id="team".*?</select>', few, re.S).group(0).count("<option") == 3  # "Choose a team", 2
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    enrolled = post(client, "/self-assessments/enrol?q=rowan", {"team": str(rowan.id), "due[day]": "31", "due[month]": "3",
                                                                 "due[year]": "2099"})
    assert enrolled.status_code == 302 and "Rowan Ward is enrolled" in page_text(client.get(enrolled.headers["Location"]))

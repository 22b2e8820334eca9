import html

from accreditation.review import findings
from tests.review.test_allocation import AMINA, LEAD
from tests.review.test_findings import consolidate_all
from tests.review.conftest import person, post


def test_only_the_lead_records_a_finding_on_the_page(client, sign_in_as, db, review):
    sign_in_as(person(db, AMINA))
    assert client.get(f"/reviews/{review.id}/consolidation/WEL-01").status_code == 403
    sign_in_as(person(db, LEAD))
    response = post(client, f"/reviews/{review.id}/consolidation/WEL-01",
                    {"score": "met", "finding": "Everyone was greeted by name", "rationale": "All saw it"})
    assert response.status_code == 302
    page = html.unescape(client.get(f"/reviews/{review.id}/consolidation/").get_data(as_text=True))
    assert "Evidence scores: not enough scores yet" in page and "Met" in page


def test_the_team_sees_the_report_only_once_it_is_sent_and_comments_on_it(client, sign_in_as, db, review, people):
    url = f"/reviews/{review.id}/report"
    sign_in_as(people["member"])
    assert client.get(url).status_code == 404  # still being written
    lead = person(db, LEAD)
    findings.save_report(db, lead, review, strengths="A warm welcome", improvements="Easy-read care plans")
    consolidate_all(db, review, lead)
    from datetime import date, timedelta

    findings.send_report_to_team(db, lead, review, date.today() + timedelta(days=14))
    db.flush()
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "A warm welcome" in page and "Point out a factual error" in page
    response = post(client, url + "/comments", {"standard_code": "ENV-01", "comment": "We have 12 beds, not 14"}, page=url)
    assert response.status_code == 302
    sign_in_as(lead)
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "We have 12 beds, not 14" in page and "Respond" in page


def test_the_involvement_page_records_time_and_exports_csv(client, sign_in_as, db, people):
    sign_in_as(people["qa"])
    amina = person(db, AMINA)
    response = post(client, "/assessors/involvement", {
        "person": str(amina.id), "activity": "visit", "worked_on[day]": "12", "worked_on[month]": "5",
        "worked_on[year]": "2027", "minutes": "180",
    })
    assert response.status_code == 302
    csv = client.get("/assessors/involvement.csv?from=2027-05-01&to=2027-05-31")
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    assert "2027-05-12,Amina Begum,assessor@example.org,Visit,,180,3.00," in csv.get_data(as_text=True)
    bad = post(client, "/assessors/involvement", {"person": str(amina.id), "activity": "visit", "minutes": "2000"})
    assert bad.status_code == 400 and "Enter between 1 and 1440 minutes" in bad.get_data(as_text=True)


def test_the_team_home_page_points_to_the_report_to_check(client, sign_in_as, db, review, people):
    from datetime import date

    lead = person(db, LEAD)
    findings.save_report(db, lead, review, strengths="A warm welcome", improvements="Easy-read care plans")
    consolidate_all(db, review, lead)
    findings.send_report_to_team(db, lead, review, date(2027, 6, 1))
    db.flush()
    sign_in_as(people["lead"])
    page = html.unescape(client.get("/home").get_data(as_text=True))
    assert "Read the assessors' report" in page and "by 1 June 2027" in page

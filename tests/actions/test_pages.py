"""The team's list, one action's page and its forms, and the QA team's list of every action."""
import io
import re
from datetime import date, timedelta

from sqlalchemy import select

from accreditation.actions import queries
from accreditation.actions.models import ActionStatus, ImprovementAction
from accreditation.db import count_queries
from accreditation.organisation.models import Team
from accreditation.roles import Role
from tests.actions.test_overdue import set_state
from tests.cycle_fixtures import person, post

NEXT_YEAR = date.today() + timedelta(days=365)


def plan_data(owner, **changes):
    return {"what_will_change": "Easy-read care plans", "owner": str(owner.id), "due_on[day]": str(NEXT_YEAR.day),
            "due_on[month]": str(NEXT_YEAR.month), "due_on[year]": str(NEXT_YEAR.year),
            "how_we_will_know": "Service users tell us", **changes}


def test_the_team_sees_its_actions_with_status_and_an_overdue_tag_in_words(client, sign_in_as, db, actions, people):
    set_state(actions[0], ActionStatus.OPEN, date.today() - timedelta(days=1), people["lead"])
    db.flush()
    sign_in_as(people["member"])
    page = client.get(f"/actions/teams/{actions[0].team_id}/").get_data(as_text=True)
    assert page.count("/actions/") >= len(actions) and "Overdue" in page and "Draft: to be planned" in page
    assert page.count(">Overdue<") == 1


def test_the_team_lead_plans_an_action_and_a_bad_plan_keeps_what_was_typed(client, sign_in_as, db, actions, people):
    action = actions[0]
    sign_in_as(people["lead"])
    url = f"/actions/{action.id}/plan"
    refused = post(client, url, plan_data(people["member"], how_we_will_know="", what_will_change="Keep this text"))
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "There is a problem" in text and "Say how you will know it worked" in text and "Keep this text" in text
    db.expire_all()
    assert db.get(ImprovementAction, action.id).status is ActionStatus.DRAFT
    done = post(client, url, plan_data(people["member"], involved=str(person(db, "assessor@example.org").id)))
    assert done.status_code == 302
    db.expire_all()
    saved = db.get(ImprovementAction, action.id)
    assert saved.status is ActionStatus.OPEN and [i.person.given_name for i in saved.involved] == ["Amina"]
    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Easy-read care plans" in page and "Amina Begum" in page and "Planned" in page


def test_a_progress_update_with_a_file_and_its_download(client, sign_in_as, db, actions, people):
    action = actions[0]
    sign_in_as(people["lead"])
    post(client, f"/actions/{action.id}/plan", plan_data(people["member"]))
    sign_in_as(people["member"])
    page_url = f"/actions/{action.id}"
    refused = post(client, f"/actions/{action.id}/updates", {"progress": "Photo", "evidence": (io.BytesIO(b"\x00\x01"), "x.exe")}, page=page_url)
    assert refused.status_code == 400 and "must be a PDF" in refused.get_data(as_text=True)
    added = post(client, f"/actions/{action.id}/updates", {"progress": "Board updated", "evidence": (io.BytesIO(b"%PDF-1.4 x"), "board.pdf")}, page=page_url)
    assert added.status_code == 302
    page = client.get(page_url).get_data(as_text=True)
    link = re.search(r'href="(/actions/\d+/updates/\d+/file)"', page).group(1)
    download = client.get(link)
    assert download.data == b"%PDF-1.4 x" and "no-store" in download.headers["Cache-Control"]
    assert "In progress" in page and "Board updated" in page


def test_people_who_may_not_see_an_action_get_404(client, sign_in_as, db, actions, make_person):
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    for who in (make_person(Role.TEAM_LEAD, team=rowan), person(db, "assessor3@example.org"), make_person(Role.PANEL_MEMBER)):
        sign_in_as(who)
        assert client.get(f"/actions/{actions[0].id}").status_code == 404
        assert client.get(f"/actions/teams/{actions[0].team_id}/").status_code == 404


def test_an_assessor_of_the_team_sees_the_action_and_the_verdict_form_only_when_completed(client, sign_in_as, db, actions, people):
    sign_in_as(person(db, "assessor@example.org"))
    page = client.get(f"/actions/{actions[0].id}").get_data(as_text=True)
    assert "Add comment" in page and "Give your verdict" not in page
    set_state(actions[0], ActionStatus.COMPLETED, date.today(), people["lead"])
    db.flush()
    page_url = f"/actions/{actions[0].id}"
    assert "Give your verdict" in client.get(page_url).get_data(as_text=True)
    refused = post(client, f"{page_url}/verdict", {"verdict": "yes", "in_their_words": ""}, page=page_url)
    assert refused.status_code == 400 and "own words" in refused.get_data(as_text=True)
    given = post(client, f"{page_url}/verdict", {"verdict": "partly", "in_their_words": "Better, not yet for everyone"}, page=page_url)
    assert given.status_code == 302
    assert "Better, not yet for everyone" in client.get(page_url).get_data(as_text=True)


def test_qa_verifies_a_completed_action(client, sign_in_as, db, actions, people):
    set_state(actions[0], ActionStatus.COMPLETED, date.today(), people["lead"])
    db.flush()
    sign_in_as(people["qa"])
    page_url = f"/actions/{actions[0].id}"
    assert post(client, f"{page_url}/verify", {}, page=page_url).status_code == 302
    db.expire_all()
    assert db.get(ImprovementAction, actions[0].id).status is ActionStatus.VERIFIED


def test_the_qa_list_filters_by_status_overdue_and_directorate(client, sign_in_as, db, actions, people, larch):
    set_state(actions[0], ActionStatus.OPEN, date.today() - timedelta(days=3), people["lead"])
    set_state(actions[1], ActionStatus.IN_PROGRESS, NEXT_YEAR, people["lead"])
    db.flush()
    sign_in_as(people["qa"])

    def listed(query):
        page = client.get("/actions/" + query).get_data(as_text=True)
        return set(int(n) for n in re.findall(r'href="/actions/(\d+)"', page))

    assert listed("") == {a.id for a in actions}
    assert listed("?overdue=y") == {actions[0].id}
    assert listed("?status=in_progress") == {actions[1].id}
    assert listed(f"?directorate={larch.directorate_id}") == {a.id for a in actions}
    other = db.scalar(select(Team).where(Team.directorate_id != larch.directorate_id)).directorate_id
    assert listed(f"?directorate={other}") == set()


def test_the_qa_list_takes_the_same_number_of_queries_for_many_actions(client, sign_in_as, db, app, actions, people, decided):
    sign_in_as(people["qa"])
    engine = app.extensions["db"].engine
    with count_queries(engine) as few:
        client.get("/actions/")
    for n in range(20):
        db.add(ImprovementAction(team_id=actions[0].team_id, decision_id=decided.id, source=actions[-1].source,
                                 condition=f"Condition {n}"))
    db.flush()
    with count_queries(engine) as many:
        page = client.get("/actions/").get_data(as_text=True)
    assert "Condition 19" in page
    assert len(many) == len(few)


def test_the_team_lead_marks_an_action_in_progress_as_completed(client, sign_in_as, db, actions, people):
    set_state(actions[0], ActionStatus.IN_PROGRESS, NEXT_YEAR, people["lead"])
    db.flush()
    page_url = f"/actions/{actions[0].id}"
    sign_in_as(people["member"])
    assert "Mark the action as completed" not in client.get(page_url).get_data(as_text=True)
    sign_in_as(people["lead"])
    assert post(client, f"{page_url}/complete", {}, page=page_url).status_code == 302
    db.expire_all()
    assert db.get(ImprovementAction, actions[0].id).status is ActionStatus.COMPLETED


def test_the_team_home_page_and_the_panel_item_link_to_the_actions(client, sign_in_as, db, decided, people, chair, committee):
    link = f'href="/actions/teams/{decided.item.review.self_assessment.cycle.team_id}/"'
    sign_in_as(people["lead"])
    assert link in client.get("/home").get_data(as_text=True)
    sign_in_as(chair)
    assert link in client.get(f"/panels/{committee.id}/items/{committee.items[0].id}").get_data(as_text=True)


def test_a_due_date_in_the_past_is_refused_on_the_date_field(client, sign_in_as, db, actions, people):
    sign_in_as(people["lead"])
    past = date.today() - timedelta(days=2)
    refused = post(client, f"/actions/{actions[0].id}/plan", plan_data(
        people["member"], **{"due_on[day]": str(past.day), "due_on[month]": str(past.month), "due_on[year]": str(past.year)}))
    assert refused.status_code == 400
    assert 'href="#due_on-day"' in refused.get_data(as_text=True) and "must be in the future" in refused.get_data(as_text=True)


def test_the_qa_list_comes_in_pages_that_keep_the_filters(client, sign_in_as, db, actions, people, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", len(actions) - 1)  # two pages
    sign_in_as(people["qa"])

    def listed(query):
        page = client.get("/actions/" + query).get_data(as_text=True)
        return [int(n) for n in re.findall(r'href="/actions/(\d+)"', page)], page

    first, page = listed("?status=draft")
    assert len(first) == len(actions) - 1 and f"{len(actions)} actions" in page
    assert "/actions/?page=2&amp;status=draft" in page
    second, page = listed("?status=draft&page=2")
    assert set(first) | set(second) == {a.id for a in actions} and "Previous" in page
    assert client.get("/actions/?page=9").status_code == 404

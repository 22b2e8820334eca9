import html
from datetime import date

import pytest
from sqlalchemy import func, select

from accreditation.audit import AuditEntry
from accreditation.panels import agenda, services
from accreditation.panels.models import Decision, Panel, PanelKind, PanelMember
from accreditation.roles import Role
from tests.conftest import page_text
from tests.cycle_fixtures import everyone_present, person, post


def declarations_data(panel, conflicted=()):
    data = {}
    for m in panel.members:
        data[f"present_{m.person_id}"] = "y"
        if m.person_id in conflicted:
            data[f"conflict_{m.person_id}"] = "y"
    return data


def test_the_chair_records_attendance_then_the_decision_once(client, sign_in_as, db, committee, chair):
    item = committee.items[0]
    url = f"/panels/{committee.id}/items/{item.id}"
    sign_in_as(chair)
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "Computed outcome: Gold (48 of 48 points" in page
    assert post(client, url + "/declarations", declarations_data(committee), page=url).status_code == 302
    form = {"outcome": "gold", "rationale": "Every standard met", "request_key": "one-form"}
    assert post(client, url + "/record", form, page=url).status_code == 302
    assert post(client, url + "/record", form, page=url).status_code == 302  # the same form posted again
    assert db.scalar(select(func.count(Decision.id))) == 1
    assert "Recorded: Gold." in html.unescape(client.get(url).get_data(as_text=True))


def test_departing_without_a_reason_is_refused_on_the_form(client, sign_in_as, db, committee, chair):
    item = committee.items[0]
    url = f"/panels/{committee.id}/items/{item.id}"
    sign_in_as(chair)
    post(client, url + "/declarations", declarations_data(committee), page=url)
    response = post(client, url + "/record", {"outcome": "silver", "rationale": "Nearly", "request_key": "k"}, page=url)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "say why" in page and "Nearly" in page
    assert db.scalar(select(func.count(Decision.id))) == 0


def test_without_a_quorum_the_page_says_so(client, sign_in_as, db, committee, chair):
    item = committee.items[0]
    url = f"/panels/{committee.id}/items/{item.id}"
    others = [m.person_id for m in committee.members if m.person_id != chair.id]
    sign_in_as(chair)
    post(client, url + "/declarations", declarations_data(committee, conflicted=others[:2]), page=url)
    assert "There is no quorum: 2 voting members, 3 needed" in html.unescape(client.get(url).get_data(as_text=True))


def test_people_not_on_the_panel_get_not_found(client, sign_in_as, db, committee, make_person):
    sign_in_as(make_person(Role.PANEL_MEMBER))
    assert client.get(f"/panels/{committee.id}/").status_code == 404
    assert client.get(f"/panels/{committee.id}/items/{committee.items[0].id}").status_code == 404


def test_a_member_who_is_not_the_chair_cannot_record(client, sign_in_as, db, committee):
    item = committee.items[0]
    url = f"/panels/{committee.id}/items/{item.id}"
    sign_in_as(person(db, "panel.member@example.org"))
    assert client.get(url).status_code == 200
    assert post(client, url + "/record", {"outcome": "gold", "rationale": "x"}, page=url).status_code == 403


def test_once_decided_the_chair_sees_attendance_as_recorded_and_a_stale_form_changes_nothing(client, sign_in_as, db, committee, chair):
    item = committee.items[0]
    url = f"/panels/{committee.id}/items/{item.id}"
    sign_in_as(chair)
    post(client, url + "/declarations", declarations_data(committee), page=url)
    stale = client.get(url).get_data(as_text=True)  # the chair's page in a second tab, before recording
    post(client, url + "/record", {"outcome": "gold", "rationale": "Every standard met", "request_key": "k"}, page=url)
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert url + "/declarations" not in page and "Record attendance and conflicts" not in page
    assert page.count(": present</li>") == len(committee.members)
    response = post(client, url + "/declarations", declarations_data(committee, conflicted=[chair.id]), page=url)
    assert response.status_code == 302 and response.location.endswith(url + "#declarations")
    assert url + "/declarations" in stale
    after = html.unescape(client.get(url).get_data(as_text=True))
    assert "its attendance and conflicts of interest stay as they were" in after
    assert "conflict of interest declared" not in after


def test_the_item_shows_the_report_and_the_computed_outcome_made_once_and_kept(client, sign_in_as, committee, chair):
    item = committee.items[0]
    url = f"/panels/{committee.id}/items/{item.id}"
    sign_in_as(chair)
    for _ in range(2):  # made, then kept
        page = html.unescape(client.get(url).get_data(as_text=True))
        assert "Computed outcome: Gold (48 of 48 points" in page and "A warm welcome" in page


def test_the_qa_team_moves_a_meeting_that_has_not_begun(client, sign_in_as, db, committee, chair, people):
    url = f"/panels/{committee.id}/"
    sign_in_as(people["qa"])
    assert "Move the meeting to another day" in client.get(url).get_data(as_text=True)
    past = post(client, url + "move", {"meets_on[day]": "1", "meets_on[month]": "1", "meets_on[year]": "2020"})
    assert past.status_code == 400 and "The new date must be today or later" in html.unescape(past.get_data(as_text=True))
    moved = post(client, url + "move", {"meets_on[day]": "3", "meets_on[month]": "6", "meets_on[year]": "2099"})
    assert moved.status_code == 302
    page = html.unescape(client.get(moved.headers["Location"]).get_data(as_text=True))
    assert "The meeting is now on Wednesday 3 June 2099." in page and "Final committee, 3 June 2099" in page
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "panel.moved"))
    assert entry.details["meets_on"] == "2099-06-03"


def test_once_attendance_is_recorded_the_meeting_stays_on_its_day(client, sign_in_as, db, committee, chair, people):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    db.flush()
    before = committee.meets_on
    with pytest.raises(services.PanelError, match="Attendance has been recorded"):
        agenda.move_panel(db, people["qa"], committee, date(2099, 6, 3), date(2026, 12, 6))
    sign_in_as(people["qa"])
    assert "Move the meeting" not in client.get(f"/panels/{committee.id}/").get_data(as_text=True)
    refused = client.get(f"/panels/{committee.id}/move")
    assert refused.status_code == 302 and committee.meets_on == before


def test_the_qa_team_changes_the_chair_and_members_before_the_meeting(client, sign_in_as, db, committee, chair, people,
                                                                      make_person):
    url = f"/panels/{committee.id}/"
    grace = person(db, "panel.member@example.org")
    leaving = next(m.person for m in committee.members if m.person_id not in (chair.id, grace.id))
    staying = {m.person_id: m.id for m in committee.members if m.person_id != leaving.id}
    new_chair, joining = make_person(Role.PANEL_CHAIR, given_name="Olu"), make_person(Role.PANEL_MEMBER, given_name="Zara")
    db.commit()
    sign_in_as(people["qa"])
    assert "Change the chair and members" in page_text(client.get(url))
    keep = [str(m.person_id) for m in committee.members if m.person_id not in (chair.id, leaving.id)]
    too_few = post(client, url + "members", {"chair": str(new_chair.id), "members": keep[:1], "quorum": "3"})
    assert too_few.status_code == 400 and "A panel needs at least as many members as its quorum" in page_text(too_few)
    assert 'href="#members"' in too_few.get_data(as_text=True)  # the summary points at the members chosen
    assert f'<option value="{new_chair.id}" selected' in too_few.get_data(as_text=True)  # what was chosen is kept
    changed = post(client, url + "members", {"chair": str(new_chair.id), "members": [*keep, str(chair.id), str(joining.id)],
                                             "quorum": "4"})
    assert changed.status_code == 302
    page = page_text(client.get(changed.headers["Location"]))
    assert "The panel's chair and members are changed." in page and "Chair: Olu Person. Quorum: 4" in page
    db.expire_all()
    assert {m.person_id for m in committee.members} == set(staying) | {new_chair.id, joining.id}
    assert all(m.id == staying[m.person_id] for m in committee.members if m.person_id in staying)  # their places kept
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "panel.members_changed"))
    assert entry.details["before"]["chair"] == chair.id and entry.details["chair"] == new_chair.id
    sign_in_as(leaving)
    assert client.get(url).status_code == 404  # no longer on the panel
    sign_in_as(joining)
    assert client.get(url).status_code == 200


def test_once_attendance_is_recorded_the_members_stay_as_they_were(client, sign_in_as, db, committee, chair, people,
                                                                  make_person):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    db.flush()
    with pytest.raises(services.PanelError, match="Attendance has been recorded"):
        agenda.change_members(db, people["qa"], committee, chair=chair, members=[make_person(Role.PANEL_MEMBER)] * 3,
                              quorum=3)
    sign_in_as(people["qa"])
    assert "Change the chair and members" not in page_text(client.get(f"/panels/{committee.id}/"))
    assert client.get(f"/panels/{committee.id}/members").status_code == 302


def _second_committee(db, people, chair):
    later = Panel(kind=PanelKind.FINAL_COMMITTEE, meets_on=date(2099, 9, 2), chair=chair, quorum=3,
                  scheduled_by_id=people["qa"].id)
    later.members = [PanelMember(person_id=chair.id), PanelMember(person_id=person(db, "panel.member@example.org").id)]
    db.add(later)
    db.flush()
    return later


def test_the_qa_team_moves_an_item_the_meeting_cannot_reach_to_another_meeting(client, sign_in_as, db, committee, chair,
                                                                               people):
    item = committee.items[0]
    url = f"/panels/{committee.id}/items/{item.id}"
    sign_in_as(people["qa"])
    none_yet = client.get(url + "/move")
    assert "There is no other meeting of this kind" in page_text(none_yet)
    later = _second_committee(db, people, chair)
    db.commit()
    assert "Move this item to another meeting" in page_text(client.get(url))
    unchosen = post(client, url + "/move", {}, page=url + "/move")
    assert unchosen.status_code == 400 and "Choose the meeting" in page_text(unchosen)
    moved = post(client, url + "/move", {"to": str(later.id)}, page=url + "/move")
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"/panels/{later.id}/")
    page = page_text(client.get(moved.headers["Location"]))
    assert "Larch Ward is now on the agenda of the meeting on Wednesday 2 September 2099." in page
    db.expire_all()
    assert (item.panel_id, committee.items, later.items) == (later.id, [], [item])
    assert db.scalar(select(AuditEntry.details).where(AuditEntry.action == "agenda_item.moved")) == {
        "before": committee.id, "panel": later.id}
    assert client.get(url).status_code == 404  # no longer on the first meeting's agenda


def test_an_item_heard_stays_at_its_meeting_and_only_meetings_to_come_are_offered(db, committee, chair, people):
    item = committee.items[0]
    later = _second_committee(db, people, chair)
    assert agenda.other_meetings(db, item, date(2099, 9, 2)) == [later]
    assert agenda.other_meetings(db, item, date(2099, 9, 3)) == []
    with pytest.raises(services.PanelError, match="Choose a meeting"):
        agenda.move_item(db, people["qa"], item, committee, date(2026, 12, 6))  # the one it is on
    services.record_declarations(db, chair, item, everyone_present(item))
    db.flush()
    with pytest.raises(services.PanelError, match="stays at this meeting"):
        agenda.move_item(db, people["qa"], item, later, date(2026, 12, 6))
    assert item.panel_id == committee.id

"""Once an action is completed, service users who assessed or decided on the team say whether it made a difference."""
import pytest

from accreditation.actions import services
from accreditation.actions.models import ActionSource, ActionStatus, ImprovementAction, Verdict
from accreditation.actions.queries import reviewers
from tests.actions.test_states import plan
from tests.cycle_fixtures import person


@pytest.fixture
def completed(db, actions, people, store):
    action = actions[0]
    plan(db, people["lead"], action, people["member"])
    services.add_progress_update(db, people["member"], store, action, text="Plans rewritten with each person")
    services.complete_action(db, people["lead"], action)
    return action


def test_the_reviewers_are_the_visit_team_and_the_panel(db, decided, larch, chair):
    emails = {"assessor@example.org", "lead.assessor@example.org", "assessor2@example.org", "panel.member@example.org"}
    assert {person(db, e).id for e in emails} | {chair.id} <= reviewers(db, larch.id)
    assert person(db, "assessor3@example.org").id not in reviewers(db, larch.id)


def test_an_assessor_of_the_team_gives_a_verdict_in_their_own_words_once_completed(db, actions, completed, larch):
    amina = person(db, "assessor@example.org")
    reviewer = amina.id in reviewers(db, larch.id)
    with pytest.raises(services.ActionError, match="once the action is completed"):
        services.give_verdict(db, amina, actions[1], verdict=Verdict.YES, in_their_words="Yes", reviewer=reviewer)
    with pytest.raises(services.ActionError, match="own words"):
        services.give_verdict(db, amina, completed, verdict=Verdict.YES, in_their_words="  ", reviewer=reviewer)
    services.give_verdict(db, amina, completed, verdict=Verdict.TOO_EARLY, in_their_words="Only two weeks in", reviewer=reviewer)
    services.give_verdict(db, amina, completed, verdict=Verdict.PARTLY,
                          in_their_words="People on the ward knew their plan, but not everyone had a copy", reviewer=reviewer)
    assert [(v.person_id, v.verdict) for v in completed.verdicts] == [(amina.id, Verdict.PARTLY)]
    assert "not everyone" in completed.verdicts[0].in_their_words


def test_a_verdict_stays_open_after_verification(db, completed, people, chair, larch):
    services.verify_action(db, people["qa"], completed)
    assert completed.status is ActionStatus.VERIFIED
    services.give_verdict(db, chair, completed, verdict=Verdict.YES, in_their_words="Carers say so",
                          reviewer=chair.id in reviewers(db, larch.id))
    assert len(completed.verdicts) == 1


def test_no_verdict_from_the_team_staff_panel_members_or_strangers(db, completed, people, larch):
    grace = person(db, "panel.member@example.org")  # on the committee, but panel members are staff
    stranger = person(db, "assessor3@example.org")
    for who in (people["lead"], people["member"], people["qa"], grace, stranger):
        with pytest.raises(services.ActionError):
            services.give_verdict(db, who, completed, verdict=Verdict.YES, in_their_words="Yes",
                                  reviewer=who.id in reviewers(db, larch.id))


def test_a_service_user_named_on_the_action_comments_and_gives_a_verdict(db, actions, people, store):
    farhan = person(db, "standards@example.org")
    action = actions[1]
    with pytest.raises(services.ActionError):
        services.comment_on_action(db, farhan, action, text="Happy to help", reviewer=False)
    plan(db, people["lead"], action, people["member"], involved=[farhan])
    services.comment_on_action(db, farhan, action, text="Happy to help with the easy-read version", reviewer=False)
    services.add_progress_update(db, people["member"], store, action, text="Draft written with Farhan")
    services.complete_action(db, people["lead"], action)
    services.give_verdict(db, farhan, action, verdict=Verdict.YES, in_their_words="I could read it myself", reviewer=False)
    assert [c.text for c in action.comments] == ["Happy to help with the easy-read version"]
    assert action.verdicts[0].verdict is Verdict.YES


def test_a_service_user_finds_actions_waiting_for_their_verdict(client, sign_in_as, db, actions, completed, people, app):
    import re

    from accreditation.db import count_queries

    def listed(page, heading):
        section = page.split(f"<h2>{heading}</h2>")[1].split("<h2>")[0]
        return {int(n) for n in re.findall(r'href="/actions/(\d+)"', section)}

    amina = person(db, "assessor@example.org")
    sign_in_as(amina)
    page = client.get("/actions/mine").get_data(as_text=True)
    assert listed(page, "Waiting for your verdict") == {completed.id}
    assert listed(page, "Other actions") == {a.id for a in actions[1:]}
    services.give_verdict(db, amina, completed, verdict=Verdict.YES, in_their_words="Plans are clear now", reviewer=True)
    db.flush()
    with count_queries(app.extensions["db"].engine) as few:
        page = client.get("/actions/mine").get_data(as_text=True)
    assert listed(page, "Waiting for your verdict") == set()
    db.add_all(ImprovementAction(team_id=completed.team_id, decision_id=completed.decision_id, source=ActionSource.CONDITION,
                                 condition=f"Condition {n}") for n in range(15))
    db.flush()
    with count_queries(app.extensions["db"].engine) as many:
        client.get("/actions/mine")
    assert len(many) == len(few)
    sign_in_as(person(db, "assessor3@example.org"))  # never assessed Larch Ward
    assert "/actions/" + str(completed.id) not in client.get("/actions/mine").get_data(as_text=True)

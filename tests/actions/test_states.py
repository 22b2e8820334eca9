"""Draft -> open -> in progress -> completed -> verified, each step by the person it belongs to, each audited."""
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.actions import services
from accreditation.actions.models import ActionStatus, ProgressUpdate
from accreditation.audit import AuditEntry
from accreditation.roles import Role
from accreditation.selfassessment.files import FileRefused
from accreditation.selfassessment.services import PatientIdentifiable
from tests.cycle_fixtures import TODAY, person

DUE = date(2027, 12, 1)


def plan(db, who, action, owner, **changes):
    values = dict(what_will_change="Easy-read care plans, written with each person", owner=owner, due_on=DUE,
                  how_we_will_know="Service users tell us they understand their plan", involved=[], today=TODAY)
    services.plan_action(db, who, action, **(values | changes))


def history(db, action):
    return list(db.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "improvement_action",
                                                           AuditEntry.subject_id == action.id).order_by(AuditEntry.id)))


def test_the_team_lead_plans_a_draft_and_it_opens(db, actions, people):
    action = actions[0]
    amina = person(db, "assessor@example.org")
    plan(db, people["lead"], action, people["member"], involved=[amina])
    assert action.status is ActionStatus.OPEN and action.owner_id == people["member"].id
    assert [i.person_id for i in action.involved] == [amina.id]
    plan(db, people["lead"], action, people["member"], due_on=date(2028, 1, 1), involved=[])
    assert action.status is ActionStatus.OPEN and action.involved == [] and action.due_on == date(2028, 1, 1)
    assert history(db, action) == ["action.created", "action.planned", "action.replanned"]


@pytest.mark.parametrize("problem, match", [
    ({"owner": "outsider"}, "someone in the team"),
    ({"due_on": TODAY}, "future"),
    ({"involved": "staff"}, "Only service users"),
    ({"how_we_will_know": "  "}, "how you will know"),
])
def test_a_plan_that_breaks_a_rule_changes_nothing(db, actions, people, make_person, problem, match):
    action = actions[0]
    outsider = make_person(Role.QA_COORDINATOR)
    changes = {k: {"outsider": outsider, "staff": [outsider]}.get(v, v) for k, v in problem.items()}
    with pytest.raises(services.ActionError, match=match):
        plan(db, people["lead"], action, changes.pop("owner", people["member"]), **changes)
    assert action.status is ActionStatus.DRAFT and action.owner_id is None


def test_only_the_team_lead_of_this_team_plans(db, actions, people, make_person):
    from accreditation.organisation.models import Team

    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    for who in (people["member"], people["qa"], make_person(Role.TEAM_LEAD, team=rowan)):
        with pytest.raises(services.ActionError):
            plan(db, who, actions[0], people["member"])


def test_a_plan_may_not_identify_a_patient(db, actions, people):
    with pytest.raises(PatientIdentifiable):
        plan(db, people["lead"], actions[0], people["member"], what_will_change="Help 943 476 5919 with the plan")


def test_progress_starts_the_work_and_completion_then_verification_follow(db, actions, people, store):
    action = actions[0]
    with pytest.raises(services.ActionError):  # a draft has no plan to work on yet
        services.add_progress_update(db, people["member"], store, action, text="Started")
    plan(db, people["lead"], action, people["member"])
    with pytest.raises(services.ActionError):
        services.complete_action(db, people["lead"], action)  # nothing done yet
    update = services.add_progress_update(db, people["member"], store, action, text="Three plans rewritten",
                                          data=b"%PDF-1.4 plans", filename="plans.PDF")
    assert action.status is ActionStatus.IN_PROGRESS
    assert (update.filename, update.content_type, store.read(update.storage_key)) == ("plans.pdf", "application/pdf", b"%PDF-1.4 plans")
    with pytest.raises(services.ActionError):
        services.verify_action(db, people["qa"], action)  # not completed yet
    with pytest.raises(services.ActionError):
        services.complete_action(db, people["member"], action)  # the team lead's call
    services.complete_action(db, people["lead"], action)
    assert action.status is ActionStatus.COMPLETED and action.completed_by_id == people["lead"].id
    with pytest.raises(services.ActionError, match="until it is finished"):
        plan(db, people["lead"], action, people["member"])
    with pytest.raises(services.ActionError):
        services.add_progress_update(db, people["member"], store, action, text="More")
    with pytest.raises(services.ActionError):
        services.verify_action(db, people["lead"], action)  # a team never verifies itself
    services.verify_action(db, people["qa"], action)
    assert action.status is ActionStatus.VERIFIED and action.verified_at is not None
    assert history(db, action) == ["action.created", "action.planned", "action.progress", "action.completed", "action.verified"]


def test_a_refused_file_leaves_no_update_and_no_file(db, actions, people, store, tmp_path):
    action = actions[0]
    plan(db, people["lead"], action, people["member"])
    with pytest.raises(FileRefused):
        services.add_progress_update(db, people["member"], store, action, text="Photo", data=b"\x00\x01binary", filename="x.exe")
    assert action.updates == [] and action.status is ActionStatus.OPEN
    assert db.scalar(select(ProgressUpdate.id)) is None
    assert not any(p.is_file() for p in (tmp_path / "evidence").rglob("*"))

"""The QA team's list of every action is kept once rendered (assurance/action_list.py): every change to what it
shows, made through the services, shows at the next request, on every app server; a kept page reads no action."""
import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation import db as app_db
from accreditation.actions import services
from accreditation.actions.models import ActionStatus, ImprovementAction
from accreditation.assurance import generation
from accreditation.auth.models import Person
from accreditation.auth.services import create_person
from accreditation.db import Base, count_queries
from accreditation.panels import services as panel_services
from accreditation.roles import Role
from accreditation.storage import LocalStorage
from tests.actions.conftest import decide
from tests.assurance.test_kept import two_servers  # noqa: F401  (fixture)
from tests.conftest import page_text
from tests.cycle_fixtures import everyone_present

NEXT_YEAR = date.today() + timedelta(days=365)


def _listed(response) -> str:
    """The kept part of the page: everything under its heading."""
    assert response.status_code == 200
    return page_text(response).split("</h1>", 1)[1].split("</main>", 1)[0]


def _row(listed: str, action_id: int) -> str:
    """An action's row as a reader sees it, tags and markup taken out."""
    row = next(r for r in listed.split("<tr") if f'href="/actions/{action_id}"' in r)
    return " ".join(re.sub(r"<[^>]+>", " ", "<tr" + row).split())


@pytest.fixture
def qa(people, sign_in_as):
    sign_in_as(people["qa"])
    return people["qa"]


def _plan(db, people, action, owner, due_on=NEXT_YEAR):
    services.plan_action(db, people["lead"], action, what_will_change="Easy-read care plans", owner=owner, due_on=due_on,
                         how_we_will_know="Service users tell us", involved=[], today=date.today())


def test_a_kept_list_is_sent_again_without_reading_an_action(app, client, actions, qa):
    engine = app.extensions["db"].engine
    with count_queries(engine) as cold:
        first = _listed(client.get("/actions/"))
    with count_queries(engine) as warm:
        again = _listed(client.get("/actions/"))
    assert again == first and f"{len(actions)} actions" in first
    assert [s for s in cold.statements if "improvement_action" in s]
    assert not [s for s in warm.statements if "improvement_action" in s] and len(warm) < len(cold)
    assert [s for s in warm.statements if "figures_generation" in s]  # it still asks whether anything changed


def test_planning_replanning_with_another_owner_working_completing_and_verifying_show_at_once(
        client, db, actions, people, qa, tmp_path):
    action = actions[0]
    row = lambda: _row(_listed(client.get("/actions/")), action.id)  # noqa: E731
    assert "Draft: to be planned" in row() and "Not planned yet" in row()
    _plan(db, people, action, people["member"])
    assert "Open" in row() and "Mo Person" in row() and NEXT_YEAR.strftime("%Y") in row()
    # A new owner alone: the status and due date stay, and the name must not.
    _plan(db, people, action, people["other_member"])
    assert "Kit Person" in row() and "Mo Person" not in row()
    services.add_progress_update(db, people["member"], LocalStorage(tmp_path), action, text="Leaflets drafted")
    assert "In progress" in row()
    services.complete_action(db, people["lead"], action)
    assert "Completed" in row()
    services.verify_action(db, people["qa"], action)
    assert "Verified" in row()


def test_editing_only_a_plans_words_keeps_the_list(db, actions, people):
    """Plans change all day and the list does not show their words, so the kept list stays."""
    _plan(db, people, actions[0], people["member"])
    before = generation.current(db)
    services.plan_action(db, people["lead"], actions[0], what_will_change="Other words", owner=people["member"],
                         due_on=NEXT_YEAR, how_we_will_know="Other words too", involved=[], today=date.today())
    assert generation.current(db) == before


def test_a_new_decisions_actions_show_at_once(client, db, committee, chair, unmet, qa):
    before = _listed(client.get("/actions/"))
    item = committee.items[0]
    panel_services.record_declarations(db, chair, item, everyone_present(item))
    decide(db, chair, item)
    after = _listed(client.get("/actions/"))
    assert "Easy-read care plans for everyone who wants one" not in before
    assert "Easy-read care plans for everyone who wants one" in after and "A carers' meeting every month" in after


def test_the_next_day_and_another_language_are_other_renderings(client, db, actions, people, qa, monkeypatch):
    day = {"today": date.today()}
    monkeypatch.setattr("accreditation.assurance.views.today", lambda: day["today"])
    _plan(db, people, actions[0], people["member"], due_on=date.today() + timedelta(days=1))
    assert "Overdue" not in _row(_listed(client.get("/actions/")), actions[0].id)
    day["today"] += timedelta(days=2)
    assert "Overdue" in _row(_listed(client.get("/actions/")), actions[0].id)
    urdu = client.get("/actions/", headers={"Accept-Language": "ur"})
    assert 'lang="ur"' in urdu.get_data(as_text=True) and "Show actions" not in _listed(urdu)
    assert "Show actions" in _listed(client.get("/actions/"))


def test_equivalent_addresses_share_a_page_and_a_page_past_the_last_stays_a_404(app, client, actions, people, qa):
    store = app.extensions["assurance_figures"]
    store.clear()
    assert _listed(client.get("/actions/?overdue=1")) == _listed(client.get("/actions/?overdue=y&page=1&other=x"))
    assert len(store) == 1
    assert client.get("/actions/?page=2").status_code == 404 and client.get("/actions/?page=2").status_code == 404
    assert len(store) == 2


def test_the_list_never_reads_a_column_whose_change_keeps_it(app, client, db, actions, people, qa):
    """generation.UNREAD lists columns whose change does not move the generation: the list may not read them."""
    _plan(db, people, actions[0], people["member"])
    with count_queries(app.extensions["db"].engine) as made:
        for path in ("/actions/", "/actions/?overdue=y", f"/actions/?directorate={actions[0].team.directorate_id}&status=open"):
            _listed(client.get(path))
    sql = "\n".join(made.statements)
    assert "FROM improvement_action" in sql  # made, not kept from before
    columns = [f"{table}.{c.name}" for table, unread in generation.UNREAD.items()
               for c in Base.metadata.tables[table].columns if c.name in unread]
    assert "improvement_action.what_will_change" in columns and not [c for c in columns if c in sql]


# Two app servers on one database


def _qa_reader(app, engine):
    with Session(engine) as db:
        qa = db.scalar(select(Person.id).where(Person.email == "qa@example.org"))
    reader = app.test_client()
    with reader.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(qa), True
    return reader


def _lead_of(db, team_id: int) -> Person:
    """The demo team lead of a team (accreditation/assurance/demo_actions.py)."""
    return db.scalar(select(Person).where(Person.email.like("teamlead.%")).where(Person.role_assignments.any(team_id=team_id)))


def test_a_change_recorded_on_one_app_server_shows_in_the_others_kept_list(two_servers):
    first, second = two_servers
    engine = first.extensions["db"].engine
    with Session(engine) as db:
        doing = db.scalar(select(ImprovementAction).where(ImprovementAction.status == ActionStatus.IN_PROGRESS)
                          .order_by(ImprovementAction.id))
        doing_id, team_id = doing.id, doing.team_id
    reader = _qa_reader(first, engine)
    path = "/actions/?status=in_progress"
    row = lambda: _row(_listed(reader.get(path)), doing_id)  # noqa: E731
    before = row()
    with count_queries(engine) as warm:
        assert row() == before
    assert not [s for s in warm.statements if "improvement_action" in s]  # served from the first server's store

    with second.app_context():  # the team lead hands the action to a new team member there, and it is committed
        db = app_db.session()
        action = db.get(ImprovementAction, doing_id)
        newcomer = create_person(db, None, email=f"{uuid.uuid4().hex[:8]}@example.test", given_name="Nadia",
                                 family_name="Rahman", password_hash="x", roles=[(Role.TEAM_MEMBER, action.team)])
        db.flush()
        services.plan_action(db, _lead_of(db, team_id), action, what_will_change=action.what_will_change, owner=newcomer,
                             due_on=action.due_on, how_we_will_know=action.how_we_will_know, involved=[],
                             today=date.today())
        db.commit()
    assert "Nadia Rahman" in row() and "Nadia Rahman" not in before

    with second.app_context():  # and then marks it completed
        db = app_db.session()
        services.complete_action(db, _lead_of(db, team_id), db.get(ImprovementAction, doing_id))
        db.commit()
    assert f'href="/actions/{doing_id}"' not in _listed(reader.get(path))  # no longer in progress

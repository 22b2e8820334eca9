"""Kept renderings of the figures (assurance/kept.py) and the generation the write side moves on
(assurance/generation.py): a change shows at once, on every app server; a kept page is cheap; what is personal is
never kept."""
import re
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accreditation import create_app
from accreditation import db as app_db
from accreditation.db import Base
from accreditation.actions import services as action_services
from accreditation.actions.models import ActionStatus, ImprovementAction
from accreditation.assurance import generation
from accreditation.assurance.kept import Rendered
from accreditation.keeping import Kept
from accreditation.auth.models import Person
from accreditation.db import count_queries
from accreditation.organisation.models import Team
from accreditation.panels import services as panel_services
from accreditation.panels.outcome import Outcome
from accreditation.roles import Role
from tests.conftest import page_text, prepare_database
from tests.panels.conftest import TODAY, everyone_present


def _kept(app) -> Kept:
    return app.extensions["assurance_figures"]


def _figures(html: str) -> str:
    """The part of an assurance page after its navigation: the kept figures."""
    return html.split('aria-label="Assurance"', 1)[1].split("</nav>", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def on(monkeypatch):
    """Move the pages' day (assurance.views.today) as a test needs."""
    day = {"today": TODAY}
    monkeypatch.setattr("accreditation.assurance.views.today", lambda: day["today"])
    return day


# The write side


def test_a_change_to_a_figure_table_moves_the_generation_and_other_changes_do_not(db):
    start = generation.current(db)
    db.scalar(select(Person)).given_name = "Renamed"
    db.flush()
    assert generation.current(db) == start  # people are not in the figures
    team = db.scalar(select(Team))
    team.name = team.name  # no change at all
    db.flush()
    assert generation.current(db) == start
    team.name = "Renamed Ward"
    db.flush()
    moved = generation.current(db)
    assert moved[0] == start[0] + 1 and moved[1] > start[1]
    db.execute(update(Team).where(Team.id == team.id).values(site="Elsewhere"))  # an ORM bulk statement: no flush
    assert generation.current(db)[0] == start[0] + 2


def test_editing_an_actions_plan_or_progress_keeps_the_figures_and_its_status_or_due_date_does_not(db, action_history):
    action = next(a for a in action_history if a.status is ActionStatus.OPEN)
    start = generation.current(db)
    action.what_will_change, action.how_we_will_know = "Easy-read leaflets in Bengali", "Service users say so"
    action.team.site = "Another site"
    db.flush()
    assert generation.current(db) == start
    action.due_on = action.due_on + timedelta(days=30)  # overdue counts depend on it
    db.flush()
    assert generation.current(db)[0] == start[0] + 1


def test_the_figures_never_read_a_column_whose_change_keeps_them(app, client, db, action_history, hillside, make_person,
                                                              sign_in_as, on):
    """generation.UNREAD lists columns whose change does not move the generation: no kept figure may read them."""
    sign_in_as(make_person(Role.QA_COORDINATOR))
    organisation = hillside["Birch Ward"].directorate.organisation_id
    directorate = hillside["Birch Ward"].directorate_id
    paths = ["/assurance/", f"/assurance/?organisation={organisation}", f"/assurance/?directorate={directorate}&status=gold",
             "/assurance/heat-map", f"/assurance/heat-map?organisation={organisation}", f"/assurance/heat-map?directorate={directorate}"]
    with count_queries(app.extensions["db"].engine) as made:
        for path in paths:
            assert client.get(path).status_code == 200
    sql = "\n".join(made.statements)
    columns = {(table, c.name) for table, unread in generation.UNREAD.items()
               for c in Base.metadata.tables[table].columns if c.name in unread}
    assert columns and not [f"{t}.{c}" for t, c in columns if f"{t}.{c}" in sql]


# The store


def test_the_store_is_bounded_by_count_and_by_size_least_recently_used_first():
    kept = Kept(keep=2, keep_bytes=10_000)
    made = []

    def make(name, size=10):
        return lambda: made.append(name) or Rendered(b"x" * size)

    kept.get_or_make("a", make("a"))
    kept.get_or_make("b", make("b"))
    kept.get_or_make("a", make("a"))  # kept: not made again, and now the most recently used
    kept.get_or_make("c", make("c"))  # "b" goes
    kept.get_or_make("a", make("a"))
    kept.get_or_make("b", make("b"))
    assert made == ["a", "b", "c", "b"] and len(kept) == 2
    kept.get_or_make("big", make("big", 6000))
    kept.get_or_make("bigger", make("bigger", 6000))  # together over the size bound: the older one goes
    assert len(kept) == 1 and kept.bytes < 10_000
    kept.get_or_make("huge", make("huge", 20_000))  # bigger than the whole store: made, never kept
    assert len(kept) == 1
    assert kept.get_or_make("missing", lambda: None) is None and len(kept) == 2  # a 404 is kept too


# Pages


@pytest.fixture
def board(make_person, sign_in_as):
    person = make_person(Role.BOARD_VIEWER, given_name="Margaret")
    sign_in_as(person)
    return person


def test_a_kept_register_costs_two_statements_beyond_signing_in_and_shows_the_same_page(app, client, history, board, on):
    engine = app.extensions["db"].engine
    with count_queries(engine) as cold:
        first = client.get("/assurance/").get_data(as_text=True)
    with count_queries(engine) as warm:
        second = client.get("/assurance/").get_data(as_text=True)
    assert len(warm) < len(cold)
    assert [s for s in warm.statements if "figures_generation" in s]  # it still asks whether anything changed
    assert _figures(first) == _figures(second) and "Summary by directorate" in _figures(first)


@pytest.mark.parametrize("path", ["/assurance/", "/assurance/heat-map"])
def test_a_kept_page_is_whole_once_with_its_length_and_its_own_script(client, history, board, on, path):
    for language in ("en", "bn"):  # the kept part is sent as kept: its bytes must be the page's own encoding
        for _ in range(2):  # made, then kept
            response = client.get(path, headers={"Accept-Language": language})
            page = response.get_data(as_text=True)
            assert response.status_code == 200 and response.mimetype == "text/html"
            assert int(response.headers["Content-Length"]) == len(response.get_data())
            assert page.count("<html") == page.count("</html>") == 1 and page.rstrip().endswith("</html>")
            assert page.count('id="maincontent"') == 1 and "slot-" not in page
        if language == "bn":  # the kept part's own words, in Bengali script, decoded whole
            main = page.split('id="maincontent"', 1)[1].split("</main>", 1)[0]
            assert re.search("[\u0980-\u09ff]{3}", main)


def test_recording_a_decision_changes_the_register_at_once(client, db, committee, chair, board, on):
    before = page_text(client.get("/assurance/?status=gold"))
    assert "Larch Ward" not in before
    item = committee.items[0]
    panel_services.record_declarations(db, chair, item, everyone_present(item))
    panel_services.record_decision(db, chair, item, outcome=Outcome.GOLD, rationale="All standards met", request_key="k",
                                   today=TODAY)
    after = page_text(client.get("/assurance/?status=gold"))
    assert "Larch Ward" in after


def _actions_row(html: str) -> list[str]:
    section = html.split('id="actions"')[1].split('id="teams"')[0]
    row = next(r for r in section.split("<tr") if "All directorates" in r)
    return re.findall(r">(\d+)</a>", row)


def test_completing_and_verifying_an_action_show_at_once(client, db, action_history, make_person, sign_in_as, on):
    on["today"] = date(2026, 6, 1)
    sign_in_as(make_person(Role.QA_COORDINATOR))
    lead = make_person(Role.TEAM_LEAD, team=action_history[1].team)
    doing = next(a for a in action_history if a.status is ActionStatus.IN_PROGRESS and a.team_id == lead.role_assignments[0].team_id)
    assert _actions_row(client.get("/assurance/").get_data(as_text=True)) == ["1", "4", "2", "4"]
    action_services.complete_action(db, lead, doing)
    assert _actions_row(client.get("/assurance/").get_data(as_text=True)) == ["1", "4", "1", "3"]
    # Verifying moves no number on the register (completed and verified are both finished), but it is a change
    # to the figures' tables: the kept rendering is made again, not served from before.
    kept = len(_kept(client.application))
    action_services.verify_action(db, make_person(Role.QA_COORDINATOR), doing)
    assert _actions_row(client.get("/assurance/").get_data(as_text=True)) == ["1", "4", "1", "3"]
    assert len(_kept(client.application)) == kept + 1


def test_another_day_or_another_language_is_another_rendering(client, history, board, on):
    english = client.get("/assurance/").get_data(as_text=True)
    on["today"] = TODAY + timedelta(days=1)
    tomorrow = client.get("/assurance/").get_data(as_text=True)
    assert "1 July 2027" in english and "2 July 2027" in tomorrow
    urdu = client.get("/assurance/", headers={"Accept-Language": "ur"}).get_data(as_text=True)
    assert 'lang="ur"' in urdu and "Summary by directorate" not in urdu
    assert "Summary by directorate" in client.get("/assurance/").get_data(as_text=True)


def test_what_is_personal_is_never_kept(app, client, history, board, make_person, on):
    first = client.get("/assurance/").get_data(as_text=True)
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(make_person(Role.BOARD_VIEWER, given_name="Olumide").id), True
    second = other.get("/assurance/").get_data(as_text=True)
    assert _figures(first) == _figures(second)  # the same kept figures
    assert "Margaret" in first and "Margaret" not in second and "Olumide" in second
    token = lambda html: re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # noqa: E731
    assert token(first) != token(second)  # each reader's own form token, in the header
    with other.session_transaction() as session:
        session["_user_id"] = str(make_person(Role.QA_COORDINATOR, given_name="Priya").id)
    qa = other.get("/assurance/").get_data(as_text=True)
    assert "/actions/?" not in first and "/actions/?" in qa  # only the QA team may follow the action numbers


def test_the_heat_map_is_kept_and_a_missing_directorate_stays_a_404(app, client, history, board, on):
    engine = app.extensions["db"].engine
    assert client.get("/assurance/heat-map").status_code == 200
    with count_queries(engine) as warm:
        assert "<svg" in client.get("/assurance/heat-map").get_data(as_text=True)
    assert not [s for s in warm.statements if "consolidated_finding" in s]
    assert client.get("/assurance/heat-map?directorate=999999").status_code == 404
    assert client.get("/assurance/heat-map?directorate=999999").status_code == 404


# Two app servers on one database


@pytest.fixture
def two_servers(databases, tmp_path_factory):
    """Two app instances, each with its own kept renderings, on one database that really commits."""
    url = databases.new("two_servers")
    prepare_database(url, history=True)
    apps = [create_app({"DATABASE_URL": url, "SECRET_KEY": "two", "TESTING": True},
                       instance_path=str(tmp_path_factory.mktemp(f"server{n}"))) for n in (1, 2)]
    yield apps
    for app in apps:
        app.extensions["db"].engine.dispose()


def test_a_change_recorded_on_one_app_server_shows_on_the_other_at_its_next_request(two_servers):
    first, second = two_servers
    with Session(first.extensions["db"].engine) as db:
        qa = db.scalar(select(Person).where(Person.email == "qa@example.org"))
        doing = db.scalar(select(ImprovementAction).where(ImprovementAction.status == ActionStatus.IN_PROGRESS)
                          .order_by(ImprovementAction.id))
        qa_id, doing_id, team_id = qa.id, doing.id, doing.team_id
    reader = first.test_client()
    with reader.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(qa_id), True
    before = _actions_row(reader.get("/assurance/").get_data(as_text=True))
    engine = first.extensions["db"].engine
    with count_queries(engine) as warm:
        assert _actions_row(reader.get("/assurance/").get_data(as_text=True)) == before
    assert not [s for s in warm.statements if "improvement_action" in s]  # served from the first server's store

    # The second server records the change, through the service, and commits.
    with second.app_context():
        db = app_db.session()
        lead = db.scalar(select(Person).where(Person.email.like("teamlead.%"))
                         .where(Person.role_assignments.any(team_id=team_id)))
        action_services.complete_action(db, lead, db.get(ImprovementAction, doing_id))
        db.commit()

    after = _actions_row(reader.get("/assurance/").get_data(as_text=True))
    in_progress, overdue = 2, 3
    assert int(after[in_progress]) == int(before[in_progress]) - 1
    assert int(after[overdue]) <= int(before[overdue])


def test_a_rolled_back_change_never_leaves_a_rendering_that_a_later_change_could_be_served(two_servers):
    """The kept rendering of an uncommitted change has a key (number and time) no later change can have."""
    app, _other = two_servers
    with app.app_context():
        db = app_db.session()
        start = generation.current(db)
        db.scalar(select(Team)).name = "Not for long"
        db.flush()
        rolled_back = generation.current(db)
        db.rollback()
        assert generation.current(db) == start
        db.scalar(select(Team)).name = "For good"
        db.flush()
        committed = generation.current(db)
        db.commit()
    assert committed[0] == rolled_back[0] and committed != rolled_back


def test_two_readers_at_once_get_the_same_figures(two_servers):
    app, _other = two_servers
    with Session(app.extensions["db"].engine) as db:
        board_id = db.scalar(select(Person.id).where(Person.email == "board@example.org"))
    pages = []

    def read():
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = str(board_id), True
        pages.append(_figures(client.get("/assurance/").get_data(as_text=True)))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(pages) == 4 and len(set(pages)) == 1

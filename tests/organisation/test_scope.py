"""Where a reader of the programme's figures is looking: by level, from the address, in at most two queries."""
import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from accreditation.db import count_queries
from accreditation.organisation.models import Directorate, Organisation, Team
from accreditation.organisation.scope import Level, Scope, id_arg


def _directorate(db, organisation: str, name: str) -> int:
    return db.scalar(select(Directorate.id).join(Organisation).where(Organisation.name == organisation, Directorate.name == name))


def _teams(db, scope: Scope) -> set[str]:
    return set(db.scalars(scope.filter(select(Team.name))))


def test_with_one_organisation_the_reader_starts_inside_it(db):
    scope = Scope.load(db, None, None, strict=True)
    assert (scope.several, scope.level, scope.organisations) == (False, Level.ORGANISATION, ())
    assert scope.organisation.name == "Riverside NHS Foundation Trust (demo)"
    assert [d.name for d in scope.directorates] == ["Adult mental health", "Community health services", "Primary care"]
    assert scope.args() == {} and len(_teams(db, scope)) == 12
    adult = _directorate(db, scope.organisation.name, "Adult mental health")
    within = Scope.load(db, None, adult, strict=True)
    assert within.level is Level.DIRECTORATE and within.args() == {"directorate": adult}  # the only organisation is implied
    assert "Rowan Ward" in _teams(db, within) and "Harbour Lane Surgery" not in _teams(db, within)


def test_with_several_organisations_the_reader_starts_with_the_whole_programme(db, second_trust):
    scope = Scope.load(db, None, None, strict=True)
    assert (scope.several, scope.level, scope.organisation, scope.directorates) == (True, Level.PROGRAMME, None, ())
    assert [o.name for o in scope.organisations] == ["Hillside NHS Trust", "Riverside NHS Foundation Trust (demo)"]
    assert len(_teams(db, scope)) == 15
    hillside = scope.organisations[0].id
    one = Scope.load(db, hillside, None, strict=True)
    assert one.level is Level.ORGANISATION and one.args() == {"organisation": hillside}
    assert [d.name for d in one.directorates] == ["Adult mental health", "Learning disabilities"]  # its own only
    assert _teams(db, one) == {"Birch Ward", "Cedar Ward", "Oak House"}
    adult = _directorate(db, "Hillside NHS Trust", "Adult mental health")
    assert one.row_args(adult) == {"organisation": hillside, "directorate": adult}
    assert scope.row_args(hillside) == {"organisation": hillside}


def test_a_directorate_alone_brings_its_organisation(db, second_trust):
    adult = _directorate(db, "Hillside NHS Trust", "Adult mental health")
    scope = Scope.load(db, None, adult, strict=True)
    assert (scope.organisation.name, scope.directorate.name, scope.level) == ("Hillside NHS Trust", "Adult mental health", Level.DIRECTORATE)
    assert _teams(db, scope) == {"Birch Ward", "Cedar Ward"}
    assert scope.organisation_args() == {"organisation": scope.organisation.id}


def test_a_directorate_of_another_organisation_is_dropped_and_an_unknown_one_is_not_found(db, second_trust):
    riverside = db.scalar(select(Organisation.id).where(Organisation.is_demo.is_(True)))
    theirs = _directorate(db, "Hillside NHS Trust", "Adult mental health")
    # The reader chose another organisation in the form: its figures, not a 404.
    scope = Scope.load(db, riverside, theirs, strict=True)
    assert scope.level is Level.ORGANISATION and scope.organisation.id == riverside
    nowhere = db.scalar(select(func.max(Directorate.id))) + 1
    with pytest.raises(NotFound):
        Scope.load(db, riverside, nowhere, strict=True)
    with pytest.raises(NotFound):
        Scope.load(db, riverside + 1000, None, strict=True)
    assert Scope.load(db, riverside + 1000, nowhere, strict=False).level is Level.PROGRAMME  # ignored


def test_the_scope_and_its_choices_take_one_query_whatever_is_asked(app, db, second_trust):
    adult = _directorate(db, "Hillside NHS Trust", "Adult mental health")
    engine = app.extensions["db"].engine
    for organisation, directorate, queries in ((None, None, 1), (None, adult, 1), (1, adult, 1), (999, adult, 1)):
        db.expire_all()
        with count_queries(engine) as counted:
            Scope.load(db, organisation, directorate, strict=False)
        assert len([s for s in counted.statements if s.lstrip().upper().startswith("SELECT")]) == queries


@pytest.mark.parametrize("raw, expected", [("12", 12), ("", None), ("0", None), ("-1", None), ("x", None), ("1.5", None)])
def test_ids_in_the_address(raw, expected):
    assert id_arg({"organisation": raw}, "organisation") == expected

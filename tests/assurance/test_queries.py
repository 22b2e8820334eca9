"""Register figures, heat map, themes and trend against the hand-worked history in conftest.py."""
from datetime import date

from accreditation.assurance import queries
from accreditation.assurance.queries import Filters, Status
from accreditation.panels.outcome import Outcome
from accreditation.review.models import Score
from tests.assurance.conftest import ON, scope


def _by_name(summary):
    return {s.name: s for s in summary}


def test_summary_counts_each_team_once_by_its_newest_decision(db, history):
    rows = _by_name(queries.summary(db, ON, scope(db)))
    adult, community, primary, total = (rows["Adult mental health"], rows["Community health services"],
                                        rows["Primary care"], rows["All directorates"])
    assert (adult.teams, adult.by_status[Status.GOLD], adult.by_status[Status.NO_DECISION]) == (6, 2, 4)
    assert (adult.expiring, adult.interim_due) == (0, 1)
    assert (community.by_status[Status.EXPIRED], community.by_status[Status.GOLD], community.interim_due) == (1, 0, 0)
    assert (primary.by_status[Status.SILVER], primary.expiring, primary.interim_due) == (1, 1, 1)
    assert total.teams == 12 and total.accredited == 3
    assert {s: n for s, n in total.by_status.items() if n} == {Status.GOLD: 2, Status.SILVER: 1, Status.EXPIRED: 1, Status.NO_DECISION: 8}
    assert (total.expiring, total.interim_due) == (1, 2)


def test_status_on_an_earlier_date_uses_the_decisions_made_by_then(db, history):
    total = queries.summary(db, date(2024, 1, 1), scope(db))[-1]
    # Rowan's first award, the clinic's and the surgery's; Willow Ward not yet decided.
    assert {s: n for s, n in total.by_status.items() if n} == {Status.GOLD: 2, Status.SILVER: 1, Status.NO_DECISION: 9}


def test_each_summary_number_is_the_length_of_the_list_behind_it(db, history):
    for row in queries.summary(db, ON, scope(db)):
        for status, n in row.by_status.items():
            assert queries.register_page(db, ON, Filters(directorate_id=row.id, status=status))[1] == n
        assert queries.register_page(db, ON, Filters(directorate_id=row.id, expiring=True))[1] == row.expiring
        assert queries.register_page(db, ON, Filters(directorate_id=row.id, interim_due=True))[1] == row.interim_due


def test_register_rows_carry_award_validity_and_interim_date(db, history):
    rows, total = queries.register_page(db, ON, Filters(expiring=True))
    assert total == 1
    (surgery,) = rows
    assert (surgery.team, surgery.status, surgery.outcome) == ("Harbour Lane Surgery", Status.SILVER, Outcome.SILVER)
    assert (surgery.valid_from, surgery.valid_until, surgery.interim_review_due) == (date(2023, 7, 1), date(2026, 7, 1), date(2025, 1, 1))
    expired = queries.register_page(db, ON, Filters(status=Status.EXPIRED))[0]
    assert [(r.team, r.outcome) for r in expired] == [("Diabetes Clinic", Outcome.GOLD)]


def test_heat_map_by_directorate_gives_the_shares_of_current_findings(db, history):
    heat = queries.heat_map(db, ON, scope(db))
    names = dict(heat.rows)
    adult = next(i for i, n in names.items() if n == "Adult mental health")
    primary = next(i for i, n in names.items() if n == "Primary care")
    assert len(heat.standards) == 24 and heat.standards[0][0] == "WEL-01"
    wel03 = heat.cell(adult, "WEL-03")  # Rowan's and Willow's current findings: both not met
    assert (wel03.total, wel03.share(Score.NOT_MET), wel03.share(Score.MET)) == (2, 1.0, 0.0)
    inf02 = heat.cell(adult, "INF-02")  # Rowan partly (its first cycle's not met no longer counts), Willow met
    assert (inf02.share(Score.MET), inf02.share(Score.PARTIALLY_MET), inf02.share(Score.NOT_MET)) == (0.5, 0.5, 0.0)
    assert heat.cell(primary, "INF-03").share(Score.PARTIALLY_MET) == 1.0
    assert heat.cell(primary, "WEL-01").share(Score.MET) == 1.0


def test_heat_map_within_a_directorate_is_by_team(db, history):
    adult = history["Rowan Ward"].directorate_id
    heat = queries.heat_map(db, ON, scope(db, directorate=adult))
    assert [name for _id, name in heat.rows] == ["Rowan Ward", "Willow Ward"]
    rowan = history["Rowan Ward"].id
    assert heat.cell(rowan, "INF-02").counts == {Score.PARTIALLY_MET: 1}
    assert heat.cell(rowan, "WEL-03").counts == {Score.NOT_MET: 1}


def test_themes_put_the_standard_most_often_not_met_first(db, history):
    found = queries.themes(db, ON)
    assert (found[0].code, found[0].not_met, found[0].findings, found[0].not_met_share) == ("WEL-03", 2, 4, 0.5)
    inf02 = next(t for t in found if t.code == "INF-02")
    assert (inf02.not_met, inf02.partially_met) == (0, 1)
    assert all(t.not_met == 0 for t in found[1:])


def test_trend_gives_the_share_not_met_per_standard_per_cycle_year(db, history):
    trend = queries.trend(db, ON)
    assert trend.years == [2022, 2023, 2025]
    # WEL-03: 2022 Rowan and the clinic met it; 2023 Willow did not, the surgery did; 2025 Rowan did not.
    assert [trend.share("WEL-03", y) for y in trend.years] == [0.0, 0.5, 1.0]
    # INF-02: 2022 Rowan did not meet it; 2025 Rowan partly (not counted as not met).
    assert [trend.share("INF-02", y) for y in trend.years] == [0.5, 0.0, 0.0]
    assert trend.share("WEL-03", 2024) is None


def test_no_decisions_means_empty_figures_not_errors(db):
    assert queries.heat_map(db, ON, scope(db)).rows == [] and queries.themes(db, ON) == [] and queries.trend(db, ON).years == []
    assert queries.summary(db, ON, scope(db))[-1].by_status[Status.NO_DECISION] == 12


def test_themes_summed_from_a_heat_map_are_the_themes_of_its_scope(db, history):
    assert queries.themes_of(queries.heat_map(db, ON, scope(db))) == queries.themes(db, ON)
    adult = history["Rowan Ward"].directorate_id
    within = scope(db, directorate=adult)
    assert queries.themes_of(queries.heat_map(db, ON, within)) == queries.themes(db, ON, within)
    assert queries.themes_of(queries.heat_map(db, date(2020, 1, 1), scope(db))) == []

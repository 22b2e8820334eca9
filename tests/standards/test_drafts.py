"""The standards group drafts a new version of the standards; a QA coordinator approves (publishes) or returns it."""
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.audit import AuditEntry
from accreditation.organisation.models import Team
from accreditation.roles import Role
from accreditation.selfassessment.services import enrol_team
from accreditation.standards import drafts, queries
from accreditation.standards.models import StandardsStatus, StandardsVersion, Tier

PUBLISH_DAY = date(2027, 1, 10)
NEW_TEXT = {
    "title": "Welcomed by name, every time", "statement": "Staff greet me by the name I choose, every time I come.",
    "easy_read": "Staff say hello. They use my name.", "what_good_looks_like": ["Names asked on arrival", "Name badges"],
    "evidence_examples": ["Feedback from service users"],
}


@pytest.fixture
def group(make_person):
    return make_person(Role.STANDARDS_GROUP_MEMBER, given_name="Sam")


@pytest.fixture
def qa(make_person):
    return make_person(Role.QA_COORDINATOR, given_name="Quinn")


@pytest.fixture
def draft(db, group):
    made = drafts.start_draft(db, group)
    db.flush()
    return made


def standard(version, code="WEL-01"):
    return next(s for s in version.standards if s.code == code)


def audit_trail(db, version):
    return [e.action for e in db.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "standards_version", AuditEntry.subject_id == version.id)
        .order_by(AuditEntry.id)
    )]


def approved(db, group, qa, draft, today=PUBLISH_DAY):
    drafts.send_for_approval(db, group, draft)
    drafts.approve_draft(db, qa, draft, today)
    db.flush()
    return draft


def test_a_draft_copies_every_theme_and_standard_of_the_current_version(db, draft):
    current = queries.version_with_standards(db, "2026.1")
    assert draft.status is StandardsStatus.DRAFT and draft.label is None and draft.based_on is current
    db.refresh(draft)
    assert len(draft.standards) == 24 and [t.code for t in draft.themes] == [t.code for t in current.themes]
    copied, original = standard(draft), standard(current)
    assert copied.id != original.id
    assert (copied.statement, copied.tier, copied.what_good_looks_like) == (original.statement, original.tier, original.what_good_looks_like)


def test_one_draft_at_a_time(db, group, draft):
    with pytest.raises(drafts.DraftError, match="already being drafted"):
        drafts.start_draft(db, group)


def test_a_draft_is_not_a_published_version(db, draft):
    assert [v.label for v in queries.versions(db)] == ["2026.1"]
    assert drafts.newest_published(db).label == "2026.1"


def test_editing_a_standard_changes_only_the_draft_and_is_audited(db, group, draft):
    db.refresh(draft)
    drafts.edit_standard(db, group, standard(draft), tier=Tier.EXPECTED, **NEW_TEXT)
    db.flush()
    assert standard(draft).statement == NEW_TEXT["statement"] and standard(draft).tier is Tier.EXPECTED
    assert standard(queries.version_with_standards(db, "2026.1")).title == "Welcomed and known by name"
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "standards.standard_edited")).one()
    assert entry.actor_id == group.id and entry.details["code"] == "WEL-01"
    assert entry.details["changed"]["title"] == {"from": "Welcomed and known by name", "to": NEW_TEXT["title"]}
    assert entry.details["changed"]["tier"] == {"from": "essential", "to": "expected"}


def test_sent_for_approval_it_cannot_change_until_returned_with_a_reason(db, group, qa, draft):
    db.refresh(draft)
    drafts.send_for_approval(db, group, draft)
    assert draft.status is StandardsStatus.AWAITING_APPROVAL
    with pytest.raises(drafts.DraftError, match="Only a draft can be changed"):
        drafts.edit_standard(db, group, standard(draft), tier=Tier.ESSENTIAL, **NEW_TEXT)
    with pytest.raises(drafts.DraftError, match="cannot change now"):
        drafts.send_for_approval(db, group, draft)
    with pytest.raises(drafts.DraftError, match="Say what the standards group should change"):
        drafts.return_draft(db, qa, draft, "  ")
    with pytest.raises(drafts.DraftError, match="Only a quality assurance coordinator"):
        drafts.approve_draft(db, group, draft, PUBLISH_DAY)
    drafts.return_draft(db, qa, draft, "Make the easy read of WEL-01 shorter")
    assert draft.status is StandardsStatus.DRAFT and draft.returned_reason == "Make the easy read of WEL-01 shorter"
    drafts.edit_standard(db, group, standard(draft), tier=Tier.ESSENTIAL, **NEW_TEXT)
    drafts.send_for_approval(db, group, draft)
    assert draft.returned_reason == ""


def test_approval_publishes_it_with_the_next_label_of_the_year(db, group, qa, draft):
    approved(db, group, qa, draft)
    assert (draft.status, draft.label, draft.published_on) == (StandardsStatus.PUBLISHED, "2027.1", PUBLISH_DAY)
    assert draft.digest == drafts.digest(draft)
    assert [v.label for v in queries.versions(db)] == ["2027.1", "2026.1"]
    again = drafts.start_draft(db, group)
    db.flush()
    assert again.based_on is draft
    assert approved(db, group, qa, again).label == "2027.2"
    assert audit_trail(db, draft) == ["standards.draft_started", "standards.sent_for_approval", "standards.published"]


def test_a_published_version_never_changes(db, group, qa, draft):
    db.refresh(draft)
    approved(db, group, qa, draft)
    with pytest.raises(drafts.DraftError, match="Only a draft can be changed"):
        drafts.edit_standard(db, group, standard(draft), tier=Tier.ESSENTIAL, **NEW_TEXT)
    for change in (lambda: drafts.send_for_approval(db, group, draft), lambda: drafts.return_draft(db, qa, draft, "No"),
                   lambda: drafts.approve_draft(db, qa, draft, PUBLISH_DAY)):
        with pytest.raises(drafts.DraftError, match="cannot change now"):
            change()
    assert draft.label == "2027.1"
    # The file-loaded version is published too: edits to it are refused the same way.
    with pytest.raises(drafts.DraftError):
        drafts.edit_standard(db, group, standard(queries.version_with_standards(db, "2026.1")), tier=Tier.ESSENTIAL, **NEW_TEXT)


def test_new_cycles_pin_the_new_version_and_open_cycles_keep_theirs(db, group, qa, draft, cycle, larch):
    db.refresh(draft)
    drafts.edit_standard(db, group, standard(draft), tier=Tier.EXPECTED, **NEW_TEXT)
    approved(db, group, qa, draft)
    other = db.scalar(select(Team).where(Team.id != larch.id).order_by(Team.id).limit(1))
    new_cycle = enrol_team(db, qa, other, date(2027, 3, 1), today=date(2026, 12, 1))
    db.flush()
    assert new_cycle.standards_version.label == "2027.1"
    assert standard(new_cycle.standards_version).title == NEW_TEXT["title"]
    db.expire_all()
    assert cycle.standards_version.label == "2026.1"
    assert standard(cycle.standards_version).title == "Welcomed and known by name"


def test_a_draft_is_never_what_a_cycle_pins(db, draft, qa, larch):
    cycle = enrol_team(db, qa, larch, date(2027, 3, 1), today=date(2026, 12, 1))
    assert cycle.standards_version.label == "2026.1"


def test_the_database_refuses_a_published_version_without_label_date_and_digest(db, draft):
    from sqlalchemy.exc import IntegrityError

    draft.status = StandardsStatus.PUBLISHED
    with pytest.raises(IntegrityError), db.begin_nested():
        db.flush()

"""The role matrix: declared once, and the rules of the programme hold in it."""
from accreditation.roles import MATRIX, SERVICE_USER_ROLES, TEAM_ROLES, Permission, Role, roles_with


def test_every_role_has_a_row_and_a_title():
    assert set(MATRIX) == set(Role)
    assert all(str(role.label) and str(role.label) != role.value for role in Role)


def test_every_permission_is_granted_to_someone():
    assert all(roles_with(permission) for permission in Permission)


def test_only_service_user_roles_score_evidence_and_lead_visits():
    """Assurance in the role matrix: assessors and lead assessors are service users."""
    assert roles_with(Permission.SCORE_EVIDENCE) == {Role.ASSESSOR, Role.LEAD_ASSESSOR}
    assert roles_with(Permission.LEAD_VISIT) == {Role.LEAD_ASSESSOR}
    assert roles_with(Permission.SCORE_EVIDENCE) <= SERVICE_USER_ROLES


def test_panels_are_chaired_by_a_service_user():
    assert roles_with(Permission.CHAIR_PANEL) == {Role.PANEL_CHAIR}
    assert Role.PANEL_CHAIR.held_by_service_users


def test_service_users_shape_the_standards_and_judge_improvement():
    """Planning and improvement in the role matrix."""
    assert roles_with(Permission.PUBLISH_STANDARDS) == {Role.STANDARDS_GROUP_MEMBER}
    assert roles_with(Permission.COMMENT_ON_ACTIONS) <= SERVICE_USER_ROLES


def test_only_team_leads_submit_and_teams_never_judge_themselves():
    assert roles_with(Permission.SUBMIT_SELF_ASSESSMENT) == {Role.TEAM_LEAD}
    for role in TEAM_ROLES:
        assert not MATRIX[role] & {Permission.SCORE_EVIDENCE, Permission.SIT_ON_PANEL, Permission.CHAIR_PANEL}


def test_team_roles_count_only_for_their_own_team(db, make_person):
    from accreditation.organisation.models import Team
    from sqlalchemy import select

    larch, rowan = (db.scalar(select(Team).where(Team.name == n)) for n in ("Larch Ward", "Rowan Ward"))
    lead = make_person(Role.TEAM_LEAD, team=larch)
    assert lead.can(Permission.SUBMIT_SELF_ASSESSMENT, team_id=larch.id)
    assert not lead.can(Permission.SUBMIT_SELF_ASSESSMENT, team_id=rowan.id)
    qa = make_person(Role.QA_COORDINATOR)
    assert qa.can(Permission.ENROL_TEAMS, team_id=rowan.id)
    assert not qa.can(Permission.SUBMIT_SELF_ASSESSMENT, team_id=rowan.id)

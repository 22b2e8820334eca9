"""The service-user role matrix: who may do what, declared once, as data.

Every route names the permission it needs (see `requires`); every check, in views and templates alike,
asks this matrix. Team roles are held for one team and only count for that team's objects.
"""
import enum
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from accreditation.enums import LabelledEnum


class Role(LabelledEnum):
    ASSESSOR = "assessor", _l("Service user assessor")
    LEAD_ASSESSOR = "lead_assessor", _l("Lead assessor")
    PANEL_MEMBER = "panel_member", _l("Panel member")
    PANEL_CHAIR = "panel_chair", _l("Panel chair")
    STANDARDS_GROUP_MEMBER = "standards_group_member", _l("Standards group member")
    TEAM_MEMBER = "team_member", _l("Team member")
    TEAM_LEAD = "team_lead", _l("Team lead")
    QA_COORDINATOR = "qa_coordinator", _l("Quality assurance coordinator")
    BOARD_VIEWER = "board_viewer", _l("Board member")
    ADMINISTRATOR = "administrator", _l("Administrator")

    @property
    def team_scoped(self) -> bool:
        return self in TEAM_ROLES

    @property
    def held_by_service_users(self) -> bool:
        return self in SERVICE_USER_ROLES


TEAM_ROLES = frozenset({Role.TEAM_MEMBER, Role.TEAM_LEAD})

# Roles that the programme gives to service users and carers (assurance and planning in the role matrix).
SERVICE_USER_ROLES = frozenset(
    {Role.ASSESSOR, Role.LEAD_ASSESSOR, Role.PANEL_CHAIR, Role.STANDARDS_GROUP_MEMBER}
)


class Permission(enum.StrEnum):
    VIEW_STANDARDS = "view_standards"
    VIEW_ORGANISATION = "view_organisation"
    MANAGE_PEOPLE = "manage_people"
    # Planning: which standards are unmet across teams; new versions of the standards.
    VIEW_UNMET_STANDARDS = "view_unmet_standards"
    PUBLISH_STANDARDS = "publish_standards"  # draft a new version and send it for approval
    APPROVE_STANDARDS = "approve_standards"  # approve (and so publish) a draft, or return it
    VIEW_STANDARDS_DRAFTS = "view_standards_drafts"
    # Assurance, in the order of the cycle.
    ENROL_TEAMS = "enrol_teams"
    VIEW_SELF_ASSESSMENT = "view_self_assessment"
    EDIT_SELF_ASSESSMENT = "edit_self_assessment"
    SUBMIT_SELF_ASSESSMENT = "submit_self_assessment"
    RETURN_SELF_ASSESSMENT = "return_self_assessment"
    ALLOCATE_ASSESSORS = "allocate_assessors"
    VIEW_REVIEW = "view_review"
    VIEW_ASSESSORS_REPORT = "view_assessors_report"
    COMMENT_ON_REPORT = "comment_on_report"
    RECORD_INVOLVEMENT = "record_involvement"
    DECLARE_CONFLICTS = "declare_conflicts"
    SCORE_EVIDENCE = "score_evidence"
    LEAD_VISIT = "lead_visit"
    VIEW_PANELS = "view_panels"
    VIEW_DECISION = "view_decision"
    SIT_ON_PANEL = "sit_on_panel"
    CHAIR_PANEL = "chair_panel"
    RUN_PANELS = "run_panels"
    APPEAL_DECISION = "appeal_decision"
    # Improvement: actions from unmet standards, and the service-user verdict on them.
    WORK_ON_ACTIONS = "work_on_actions"
    COMMENT_ON_ACTIONS = "comment_on_actions"
    # Reaching the action pages at all; each action then asks whose it is (team, QA, its reviewers, named people).
    VIEW_ACTIONS = "view_actions"
    PLAN_ACTIONS = "plan_actions"
    VERIFY_ACTIONS = "verify_actions"
    VIEW_ASSURANCE = "view_assurance"


P = Permission
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.ASSESSOR: frozenset(
        {P.VIEW_STANDARDS, P.DECLARE_CONFLICTS, P.VIEW_REVIEW, P.SCORE_EVIDENCE, P.VIEW_ASSESSORS_REPORT,
         P.COMMENT_ON_ACTIONS, P.VIEW_ACTIONS}
    ),
    Role.LEAD_ASSESSOR: frozenset(
        {P.VIEW_STANDARDS, P.DECLARE_CONFLICTS, P.VIEW_REVIEW, P.SCORE_EVIDENCE, P.LEAD_VISIT,
         P.VIEW_ASSESSORS_REPORT, P.COMMENT_ON_ACTIONS, P.VIEW_ACTIONS}
    ),
    Role.PANEL_MEMBER: frozenset(
        {P.VIEW_STANDARDS, P.DECLARE_CONFLICTS, P.VIEW_PANELS, P.SIT_ON_PANEL, P.VIEW_DECISION, P.VIEW_ACTIONS}
    ),
    Role.PANEL_CHAIR: frozenset(
        {P.VIEW_STANDARDS, P.DECLARE_CONFLICTS, P.VIEW_PANELS, P.SIT_ON_PANEL, P.CHAIR_PANEL, P.VIEW_DECISION,
         P.COMMENT_ON_ACTIONS, P.VIEW_ACTIONS}
    ),
    Role.STANDARDS_GROUP_MEMBER: frozenset(
        {P.VIEW_STANDARDS, P.VIEW_UNMET_STANDARDS, P.PUBLISH_STANDARDS, P.VIEW_STANDARDS_DRAFTS, P.COMMENT_ON_ACTIONS,
         P.VIEW_ACTIONS}
    ),
    Role.TEAM_MEMBER: frozenset(
        {P.VIEW_STANDARDS, P.VIEW_SELF_ASSESSMENT, P.EDIT_SELF_ASSESSMENT, P.VIEW_ASSESSORS_REPORT,
         P.COMMENT_ON_REPORT, P.VIEW_DECISION, P.WORK_ON_ACTIONS, P.VIEW_ACTIONS}
    ),
    Role.TEAM_LEAD: frozenset(
        {
            P.VIEW_STANDARDS, P.VIEW_SELF_ASSESSMENT, P.EDIT_SELF_ASSESSMENT, P.SUBMIT_SELF_ASSESSMENT,
            P.VIEW_ASSESSORS_REPORT, P.COMMENT_ON_REPORT, P.VIEW_DECISION, P.APPEAL_DECISION, P.WORK_ON_ACTIONS,
            P.PLAN_ACTIONS, P.VIEW_ACTIONS,
        }
    ),
    Role.QA_COORDINATOR: frozenset(
        {
            P.VIEW_STANDARDS, P.VIEW_ORGANISATION, P.VIEW_UNMET_STANDARDS, P.ENROL_TEAMS,
            P.VIEW_SELF_ASSESSMENT, P.RETURN_SELF_ASSESSMENT, P.ALLOCATE_ASSESSORS, P.VIEW_REVIEW,
            P.VIEW_ASSESSORS_REPORT, P.RECORD_INVOLVEMENT, P.VIEW_PANELS, P.RUN_PANELS, P.VIEW_DECISION,
            P.VIEW_ASSURANCE, P.VERIFY_ACTIONS, P.VIEW_ACTIONS, P.APPROVE_STANDARDS, P.VIEW_STANDARDS_DRAFTS,
        }
    ),
    Role.BOARD_VIEWER: frozenset({P.VIEW_STANDARDS, P.VIEW_ORGANISATION, P.VIEW_UNMET_STANDARDS, P.VIEW_ASSURANCE}),
    Role.ADMINISTRATOR: frozenset({P.VIEW_STANDARDS, P.VIEW_ORGANISATION, P.MANAGE_PEOPLE}),
}


def roles_with(permission: Permission) -> frozenset[Role]:
    return frozenset(role for role, granted in MATRIX.items() if permission in granted)


@dataclass(frozen=True)
class QmsComponent:
    """A part of the quality management system, what service users do in it, and the permissions that let them."""

    key: str
    name: str
    question: str
    service_users_do: str
    permissions: frozenset[Permission]

    @property
    def roles(self) -> list[Role]:
        """The service-user roles the matrix gives any of this component's permissions, in the order of Role."""
        return [r for r in Role if r in SERVICE_USER_ROLES and MATRIX[r] & self.permissions]


# The role matrix by component (the source report's Table 4); the public page reads it with MATRIX.
COMPONENTS = (
    QmsComponent(
        "planning", _l("Quality planning"), _l("What do we need to do well?"),
        _l("Service users help decide what people need and which services meet those needs. A group of service "
           "users writes the standards, sees which standards teams most often do not meet, and publishes new "
           "versions of the standards."),
        frozenset({P.PUBLISH_STANDARDS, P.VIEW_UNMET_STANDARDS}),
    ),
    QmsComponent(
        "improvement", _l("Quality improvement"), _l("How do we do it better?"),
        _l("Service users help choose what to improve and how. They comment on a team's improvement actions, can "
           "be named on them, and say whether the change made a difference when an action ends."),
        frozenset({P.COMMENT_ON_ACTIONS}),
    ),
    QmsComponent(
        "control", _l("Quality control"), _l("How do we know we are doing it well?"),
        _l("Service users and carers tell us about their experience of the service. Teams collect this feedback "
           "as evidence, and assessors listen to service users and carers when they visit."),
        frozenset({P.SCORE_EVIDENCE}),
    ),
    QmsComponent(
        "assurance", _l("Quality assurance"), _l("Are we meeting the standards?"),
        _l("Service users set the standards services are measured against. Trained service user assessors check "
           "the evidence and visit the service, and service users chair the panels that decide the award."),
        frozenset({P.SCORE_EVIDENCE, P.LEAD_VISIT, P.CHAIR_PANEL}),
    ),
)


class Access(enum.Enum):
    """What a route needs when it needs no permission from the matrix."""

    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed_in"  # any signed-in person, whatever their roles
    API_TOKEN = "api_token"  # an API client's bearer token, checked by the API itself; never a session


def requires(need: Permission | Access) -> Callable:
    """Declare what a view needs; the app refuses to serve a route that declares nothing."""

    def decorate(view: Callable) -> Callable:
        view.required = need
        return view

    return decorate

"""Scheduling panels, and the chair's screen for each item: declarations, then the recommendation or decision."""
import uuid
from datetime import date
from functools import cache, cached_property, lru_cache

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload
from wtforms import BooleanField
from wtforms.fields.choices import SelectChoice

from accreditation import db
from accreditation.auth.models import Person, RoleAssignment
from accreditation.panels import agenda, appeals, bp, deferral, services
from accreditation.panels.forms import DecisionForm, MembersForm, MoveForm, MoveItemForm, PanelForm
from accreditation.panels.models import AgendaItem, Decision, ItemReason, Panel, PanelKind, PanelMember, Recommendation
from accreditation.panels.outcome import Outcome
from accreditation.review import findings
from accreditation.review.models import Review
from accreditation.selfassessment.models import Cycle, SelfAssessment
from accreditation.roles import Permission, Role, requires


@cache
def _panel(with_items: bool) -> Select:
    """Built once, as building it and its cache key cost more than running it."""
    loads = [joinedload(Panel.members).joinedload(PanelMember.person).lazyload(Person.role_assignments)]
    if with_items:
        loads.append(selectinload(Panel.items))
    return select(Panel).where(Panel.id == bindparam("id")).options(*loads)


def _viewable(panel_id: int, *, with_items: bool = True) -> Panel:
    """Its members and the QA team; anyone else gets 404. With its agenda unless the page shows one item."""
    panel = db.session().execute(_panel(with_items), {"id": panel_id}).unique().scalar()
    if panel is None or not (current_user.can(Permission.RUN_PANELS) or any(m.person_id == current_user.id for m in panel.members)):
        abort(404)
    return panel


def _people_with(*roles: Role) -> list[Person]:
    return list(db.session().scalars(
        select(Person).join(Person.role_assignments).where(RoleAssignment.role.in_(roles), Person.active.is_(True))
        .order_by(Person.given_name).distinct()
    ))


def _membership_choices(form: PanelForm | MembersForm) -> dict[int, Person]:
    """The chair and member choices (active panel chairs; chairs and panel members); the possible members, by id."""
    members = _people_with(Role.PANEL_CHAIR, Role.PANEL_MEMBER)
    form.chair.choices = [SelectChoice("", _("Choose the chair"))] + [
        SelectChoice(p.id, p.full_name) for p in _people_with(Role.PANEL_CHAIR)]
    form.members.choices = [SelectChoice(p.id, p.full_name) for p in members]
    return {p.id: p for p in members}


@bp.route("/")
@requires(Permission.VIEW_PANELS)
def index():
    query = select(Panel).order_by(Panel.meets_on.desc(), Panel.id.desc()).options(
        selectinload(Panel.items).joinedload(AgendaItem.review).joinedload(Review.self_assessment)
        .joinedload(SelfAssessment.cycle).joinedload(Cycle.team)
    )
    if not current_user.can(Permission.RUN_PANELS):
        query = query.where(Panel.members.any(PanelMember.person_id == current_user.id))
    return render_template("panels/index.jinja", panels=list(db.session().scalars(query)))


@bp.route("/schedule", methods=["GET", "POST"])
@requires(Permission.RUN_PANELS)
def schedule():
    db_session = db.session()
    form = PanelForm()
    chosen = _membership_choices(form)
    today = date.today()
    waiting = {c.review.id: c for c in agenda.panel_candidates(db_session)}
    waiting |= {c.review.id: c for c in agenda.committee_candidates(db_session, today)}  # a return says why
    form.reviews.choices = [
        SelectChoice(c.review.id, c.review.self_assessment.cycle.team.name if c.reason is ItemReason.FIRST
                     else _("%(team)s (%(reason)s)", team=c.review.self_assessment.cycle.team.name, reason=c.reason.label))
        for c in waiting.values()
    ]
    if form.validate_on_submit():
        try:
            panel = agenda.schedule_panel(
                db_session, current_user, kind=PanelKind(form.kind.data), meets_on=form.meets_on.data,
                chair=db_session.get(Person, form.chair.data) or abort(400),
                members=[chosen[i] for i in form.members.data if i in chosen],
                reviews=[waiting[i].review for i in form.reviews.data if i in waiting], quorum=form.quorum.data, today=today,
            )
        except services.PanelError as refused:
            form[refused.field or "chair"].errors.append(refused.message)
        else:
            db_session.commit()
            flash(_("The panel is scheduled."), "success")
            return redirect(url_for(".panel", panel_id=panel.id))
    return render_template("panels/schedule.jinja", form=form), (400 if form.errors else 200)


@bp.route("/<int:panel_id>/")
@requires(Permission.VIEW_PANELS)
def panel(panel_id: int):
    shown = _viewable(panel_id)
    changeable = current_user.can(Permission.RUN_PANELS) and not agenda.meeting_started(db.session(), shown)
    return render_template("panels/panel.jinja", panel=shown, changeable=changeable)


def _not_begun(panel_id: int, refusal: str) -> Panel:
    """The panel, for a change the QA team may make until its meeting begins; after that, back to it with why not."""
    shown = _viewable(panel_id, with_items=False)
    if agenda.meeting_started(db.session(), shown):
        flash(refusal, "info")
        abort(redirect(url_for(".panel", panel_id=shown.id)))
    return shown


@bp.route("/<int:panel_id>/move", methods=["GET", "POST"])
@requires(Permission.RUN_PANELS)
def move(panel_id: int):
    db_session = db.session()
    shown = _not_begun(panel_id, _("Attendance has been recorded at this meeting, so its date stays as it was."))
    form = MoveForm(meets_on=shown.meets_on)
    if form.validate_on_submit():
        try:
            agenda.move_panel(db_session, current_user, shown, form.meets_on.data, date.today())
        except services.PanelError as refused:
            form.meets_on.errors.append(refused.message)
        else:
            db_session.commit()
            flash(_("The meeting is now on %(date)s.", date=format_date(shown.meets_on, "EEEE d MMMM yyyy")), "success")
            return redirect(url_for(".panel", panel_id=shown.id))
    return render_template("panels/move.jinja", panel=shown, form=form), (400 if form.errors else 200)


@bp.route("/<int:panel_id>/members", methods=["GET", "POST"])
@requires(Permission.RUN_PANELS)
def members(panel_id: int):
    db_session = db.session()
    shown = _not_begun(panel_id, _("Attendance has been recorded at this meeting, so its chair and members stay as they were."))
    form = MembersForm(chair=shown.chair_id, quorum=shown.quorum,
                       members=[m.person_id for m in shown.members if m.person_id != shown.chair_id])
    chosen = _membership_choices(form)
    if form.validate_on_submit():
        try:
            agenda.change_members(
                db_session, current_user, shown, chair=db_session.get(Person, form.chair.data) or abort(400),
                members=[chosen[i] for i in form.members.data if i in chosen], quorum=form.quorum.data,
            )
        except services.PanelError as refused:
            form[refused.field or "chair"].errors.append(refused.message)
        else:
            db_session.commit()
            flash(_("The panel's chair and members are changed. Tell anyone who joins or leaves."), "success")
            return redirect(url_for(".panel", panel_id=shown.id))
    return render_template("panels/members.jinja", panel=shown, form=form), (400 if form.errors else 200)


@bp.route("/<int:panel_id>/items/<int:item_id>/move", methods=["GET", "POST"])
@requires(Permission.RUN_PANELS)
def move_item(panel_id: int, item_id: int):
    db_session, today = db.session(), date.today()
    found = _item(_viewable(panel_id, with_items=False), item_id)
    if agenda.item_heard(db_session, found):
        flash(_("Attendance has been recorded on this item, so it stays at this meeting."), "info")
        return redirect(url_for(".item", panel_id=panel_id, item_id=found.id))
    meetings = {m.id: m for m in agenda.other_meetings(db_session, found, today)}
    form = MoveItemForm()
    form.to.choices = [SelectChoice(m.id, _("%(date)s, chaired by %(chair)s", date=format_date(m.meets_on, "EEEE d MMMM yyyy"),
                                            chair=m.chair.full_name)) for m in meetings.values()]
    if form.validate_on_submit():
        to = meetings[form.to.data]
        try:
            agenda.move_item(db_session, current_user, found, to, today)
        except services.PanelError as refused:
            form.to.errors.append(refused.message)
        else:
            db_session.commit()
            flash(_("%(team)s is now on the agenda of the meeting on %(date)s.", team=found.review.self_assessment.cycle.team.name,
                    date=format_date(to.meets_on, "EEEE d MMMM yyyy")), "success")
            return redirect(url_for(".panel", panel_id=to.id))
    return render_template("panels/move_item.jinja", panel=found.panel, item=found, form=form), (400 if form.errors else 200)


@cache
def _agenda_item() -> Select:
    return (
        select(AgendaItem).where(AgendaItem.id == bindparam("id"), AgendaItem.panel_id == bindparam("panel"))
        .options(joinedload(AgendaItem.declarations), joinedload(AgendaItem.decisions),
                 joinedload(AgendaItem.review).joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle)
                 .joinedload(Cycle.team),
                 joinedload(AgendaItem.review).joinedload(Review.report))
    )


def _item(panel: Panel, item_id: int) -> AgendaItem:
    """With its declarations and decisions, the review, its team and whether its report is ready, in one query (the
    standards are read once per app server: cycle.standards)."""
    return db.session().execute(_agenda_item(), {"id": item_id, "panel": panel.id}).unique().scalar() or abort(404)


@cache
def _recommendations() -> Select:
    """Every recommendation on a review, newest first: the service user panel's, and an item's own."""
    return (select(Recommendation).join(Recommendation.item).where(AgendaItem.review_id == bindparam("review"))
            .order_by(Recommendation.recorded_at.desc()))


@lru_cache(maxsize=1024)
def _declaration_form_class(members: tuple[tuple[int, str], ...]) -> type[FlaskForm]:
    """Made once for each panel's members (making a form class costs more than the rest of the form); the labels
    are lazy, so one class serves every language."""
    fields = {}
    for person_id, name in members:
        fields[f"present_{person_id}"] = BooleanField(_l("%(name)s is present", name=name))
        fields[f"conflict_{person_id}"] = BooleanField(_l("%(name)s declares a conflict of interest", name=name))
    return type("DeclarationForm", (FlaskForm,), fields)


def declaration_form(panel: Panel) -> FlaskForm:
    """A present box and a conflict box for each member of the panel (filled from the request when posted)."""
    return _declaration_form_class(tuple((m.person_id, m.person.full_name) for m in panel.members))()


class _Findings:
    """The assessors' report, the findings for each standard and the computed outcome, as the item page shows them.
    Once the report is ready, none of them changes (findings.py refuses any change to a ready report, and a
    self-assessment passed to assessors is never returned to the team): the page keeps their rendering, keyed by
    when the report became ready, and reads them only to make it."""

    def __init__(self, db_session: Session, review: Review):
        self._db, self._review = db_session, review
        ready_at = review.report.ready_at if review.report is not None else None
        self.lasting = ready_at is not None
        self.key = (review.id, ready_at)

    @cached_property
    def report(self):
        return findings.report_for(self._db, self._review)

    @cached_property
    def table(self):
        return findings.side_by_side(self._db, self._review)

    @cached_property
    def computed(self):
        return services.computed_outcome(self._db, self._review, table=self.table)


def _render_item(panel: Panel, item: AgendaItem, decision_form=None, declarations=None, status=200):
    db_session = db.session()
    review = item.review
    recommendations = list(db_session.scalars(_recommendations(), {"review": review.id}))
    own_recommendation = next((r for r in recommendations if r.item_id == item.id), None)
    # The chair's forms, until the item is recorded (services.record_declarations keeps to the same rule).
    is_chair = panel.chair_id == current_user.id
    if is_chair and not item.decisions and own_recommendation is None:
        if declarations is None:
            declarations = declaration_form(panel)
            existing = {d.person_id: d for d in item.declarations}
            for m in panel.members:
                if m.person_id in existing:
                    getattr(declarations, f"present_{m.person_id}").data = existing[m.person_id].present
                    getattr(declarations, f"conflict_{m.person_id}").data = existing[m.person_id].conflict
        if decision_form is None:
            decision_form = DecisionForm()
            decision_form.request_key.data = uuid.uuid4().hex
    # A return to the committee shows what it returns from: the earlier decision, further evidence, appeal.
    earlier = None if item.reason is ItemReason.FIRST else db_session.scalar(
        select(Decision).join(Decision.item).where(AgendaItem.review_id == review.id, Decision.item_id < item.id)
        .order_by(Decision.id.desc()).limit(1)
    )
    return render_template(
        "panels/item.jinja", panel=panel, item=item, review=review, findings=_Findings(db_session, review),
        earlier=earlier, further=deferral.further_evidence_for(db_session, earlier) if earlier else None,
        appeal=appeals.appeal_of(db_session, earlier) if earlier else None,
        recommendation=recommendations[0] if recommendations else None,
        decisions=item.decisions, own_recommendation=own_recommendation,
        declarations=declarations, decision_form=decision_form, quorum_problem=services.quorum_problem(item),
        is_chair=is_chair, form=decision_form if decision_form is not None and decision_form.errors else None,
        # Read from what the page has loaded: agenda.move_item asks the database again.
        movable=current_user.can(Permission.RUN_PANELS) and not (item.declarations or item.decisions or own_recommendation),
    ), status


@bp.route("/<int:panel_id>/items/<int:item_id>")
@requires(Permission.VIEW_PANELS)
def item(panel_id: int, item_id: int):
    panel = _viewable(panel_id, with_items=False)
    return _render_item(panel, _item(panel, item_id))


@bp.route("/<int:panel_id>/items/<int:item_id>/declarations", methods=["POST"])
@requires(Permission.CHAIR_PANEL)
def declare(panel_id: int, item_id: int):
    panel = _viewable(panel_id, with_items=False)
    found = _item(panel, item_id)
    form = declaration_form(panel)
    if form.validate():
        declared = {m.person_id: (getattr(form, f"present_{m.person_id}").data, getattr(form, f"conflict_{m.person_id}").data, "")
                    for m in panel.members}
        try:
            services.record_declarations(db.session(), current_user, found, declared)
        except services.DeclarationsClosed as closed:  # decided in another tab since this page was opened (nothing written)
            flash(closed.message, "info")
            return redirect(url_for(".item", panel_id=panel.id, item_id=found.id) + "#declarations")
        except services.PanelError:
            abort(403)
        db.session().commit()
        flash(_("Attendance and conflicts are recorded."), "success")
        return redirect(url_for(".item", panel_id=panel.id, item_id=found.id) + "#record")
    return _render_item(panel, found, declarations=form, status=400)


@bp.route("/<int:panel_id>/items/<int:item_id>/record", methods=["POST"])
@requires(Permission.CHAIR_PANEL)
def record(panel_id: int, item_id: int):
    panel = _viewable(panel_id, with_items=False)
    found = _item(panel, item_id)
    form = DecisionForm()
    if not form.validate():
        return _render_item(panel, found, decision_form=form, status=400)
    db_session = db.session()
    outcome = Outcome(form.outcome.data)
    try:
        if panel.kind is PanelKind.SERVICE_USER_PANEL:
            services.record_recommendation(db_session, current_user, found, outcome=outcome,
                                           rationale=form.rationale.data, conditions=form.conditions.data or "")
        else:
            services.record_decision(
                db_session, current_user, found, outcome=outcome, rationale=form.rationale.data,
                request_key=form.request_key.data or uuid.uuid4().hex, departure_reason=form.departure_reason.data or "",
                conditions=form.conditions.data or "", deferral_deadline=form.deferral_deadline.data,
                deferral_requirements=form.deferral_requirements.data or "", today=date.today(),
            )
    except services.DecisionAlreadyRecorded as first:
        db_session.rollback()
        flash(_("Someone else recorded this item a moment ago: %(outcome)s. Nothing more was recorded.", outcome=first.decision.outcome.label), "info")
        return redirect(url_for(".item", panel_id=panel.id, item_id=found.id))
    except services.PanelError as refused:
        form.outcome.errors.append(refused.message)
        return _render_item(panel, found, decision_form=form, status=400)
    db_session.commit()
    flash(_("Recorded: %(outcome)s.", outcome=outcome.label), "success")
    return redirect(url_for(".item", panel_id=panel.id, item_id=found.id))

"""Evidence for a standard: adding files, links and things to show at the visit; downloading; removing."""
import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accreditation import db
from accreditation.roles import Permission, requires
from accreditation.selfassessment import bp, services
from accreditation.selfassessment.files import FileRefused
from accreditation.selfassessment.forms import EvidenceForm
from accreditation.selfassessment.models import EvidenceKind, SelfAssessment
from accreditation.selfassessment.views import PATIENT_IDENTIFIABLE, read_only, standard_of, viewable_self_assessment
from accreditation.storage import storage


@bp.route("/<int:self_assessment_id>/standards/<code>/evidence", methods=["GET", "POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def add_evidence(self_assessment_id: int, code: str):
    self_assessment = viewable_self_assessment(self_assessment_id)
    standard = standard_of(self_assessment, code)
    if not self_assessment.can_edit(current_user):
        return read_only(self_assessment)
    form = EvidenceForm()
    if form.validate_on_submit():
        db_session = db.session()
        kind = EvidenceKind(form.kind.data)
        try:
            if kind is EvidenceKind.FILE:
                services.add_file_evidence(
                    db_session, current_user, storage(), self_assessment, standard,
                    data=form.file.data.read(), filename=form.file.data.filename or "", description=form.description.data,
                )
            else:
                services.add_other_evidence(
                    db_session, current_user, self_assessment, standard, kind=kind,
                    description=form.description.data, url=form.url.data,
                )
        except FileRefused as refused:
            form.file.errors.append(refused.message)
        except services.PatientIdentifiable:
            form.description.errors.append(PATIENT_IDENTIFIABLE)
        else:
            db_session.commit()
            flash(_("Evidence added to %(code)s.", code=standard.code), "success")
            return redirect(url_for(".answer", self_assessment_id=self_assessment.id, code=standard.code) + "#evidence")
    return render_template("selfassessment/evidence.jinja", self_assessment=self_assessment, standard=standard, form=form), (400 if form.errors else 200)


def find_evidence(self_assessment: SelfAssessment, evidence_id: int):
    """Current evidence of this self-assessment, or 404 (removed items and other teams' never show)."""
    for answer in self_assessment.answers:
        for item in answer.current_evidence:
            if item.id == evidence_id:
                return item
    abort(404)


@bp.route("/<int:self_assessment_id>/evidence/<int:evidence_id>")
@requires(Permission.VIEW_SELF_ASSESSMENT)
def download_evidence(self_assessment_id: int, evidence_id: int):
    return send_evidence(find_evidence(viewable_self_assessment(self_assessment_id), evidence_id))


def send_evidence(evidence):
    """The file, as an attachment that is never cached: only ever after the caller has checked access."""
    if evidence.kind is not EvidenceKind.FILE:
        abort(404)
    return send_stored(evidence.storage_key, evidence.content_type, evidence.filename)


def send_stored(key: str, content_type: str, filename: str):
    """A stored file as an attachment that is never cached (evidence of any feature)."""
    response = send_file(io.BytesIO(storage().read(key)), mimetype=content_type, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:self_assessment_id>/evidence/<int:evidence_id>/remove", methods=["POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def remove_evidence(self_assessment_id: int, evidence_id: int):
    self_assessment = viewable_self_assessment(self_assessment_id)
    evidence = find_evidence(self_assessment, evidence_id)
    try:
        services.remove_evidence(db.session(), current_user, evidence)
    except services.NotEditable:
        return read_only(self_assessment)
    except services.SelfAssessmentError:
        abort(403)
    db.session().commit()
    flash(_("Evidence removed."), "success")
    return redirect(url_for(".answer", self_assessment_id=self_assessment.id, code=evidence.answer.standard.code) + "#evidence")

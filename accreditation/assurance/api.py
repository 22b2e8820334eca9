"""The read-only JSON API: the register, decisions and improvement actions, for clients holding a token an administrator issued.

No session cookie and no form token: every request carries `Authorization: Bearer <token>`."""
from datetime import date

from flask import g, jsonify, request
from werkzeug.exceptions import HTTPException

from accreditation import db
from accreditation.assurance import api_bp as bp
from accreditation.assurance import queries
from accreditation.actions.models import ActionStatus
from accreditation.assurance.clients import client_for_token
from accreditation.assurance.openapi import openapi_document
from accreditation.roles import Access, requires

MAX_LIMIT = 1000


def _error(status: int, message: str):
    response = jsonify(error=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="accreditation"'
    return response


@bp.before_request
def _authenticate():
    if request.endpoint == "api.openapi":
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(401, "A bearer token is required (Authorization: Bearer <token>).")
    client = client_for_token(db.session(), token.strip())
    if client is None:
        return _error(401, "The token is not valid, or has been revoked.")
    g.api_client = client
    return None


@bp.after_request
def _no_cookies(response):
    response.headers.pop("Set-Cookie", None)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return _error(error.code or 500, error.description or error.name)


def _int_arg(name: str, default: int, lowest: int, highest: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < lowest or (highest is not None and int(raw) > highest):
        raise _BadArgument(name)
    return int(raw)


class _BadArgument(Exception):
    pass


@bp.errorhandler(_BadArgument)
def _bad_argument(error: _BadArgument):
    return _error(400, f"The query argument {error.args[0]!r} is not valid.")


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


@bp.route("/openapi.json")
@requires(Access.PUBLIC)
def openapi():
    return jsonify(openapi_document())


@bp.route("/v1/register")
@requires(Access.API_TOKEN)
def register():
    today = date.today()
    status = request.args.get("status")
    if status is not None and status not in set(queries.Status):
        raise _BadArgument("status")
    filters = queries.Filters(
        organisation_id=_int_arg("organisation", None, 1) if "organisation" in request.args else None,
        directorate_id=_int_arg("directorate", None, 1) if "directorate" in request.args else None,
        status=queries.Status(status) if status else None,
        expiring=request.args.get("expiring") == "true",
    )
    limit = _int_arg("limit", 100, 1, MAX_LIMIT)
    rows = queries.register_after(db.session(), today, filters, _int_arg("after", 0, 0), limit)
    return jsonify(
        on=today.isoformat(),
        teams=[{
            "team_id": r.team_id, "team": r.team, "organisation_id": r.organisation_id, "organisation": r.organisation,
            "directorate_id": r.directorate_id, "directorate": r.directorate,
            "status": r.status.value, "award": r.outcome.value if r.outcome else None,
            "valid_from": _date(r.valid_from), "valid_until": _date(r.valid_until),
            "interim_review_due": _date(r.interim_review_due), "decision_id": r.decision_id,
        } for r in rows],
        next_after=rows[-1].team_id if len(rows) == limit else None,
    )


@bp.route("/v1/decisions")
@requires(Access.API_TOKEN)
def decisions():
    limit = _int_arg("limit", 100, 1, MAX_LIMIT)
    rows = queries.decisions_after(db.session(), _int_arg("after", 0, 0), limit)
    return jsonify(
        decisions=[{
            "id": r.id, "team_id": r.team_id, "team": r.team, "outcome": r.outcome.value,
            "computed_outcome": r.computed_outcome.value,
            "recommended_outcome": r.recommended_outcome.value if r.recommended_outcome else None,
            "recorded_at": r.recorded_at.isoformat(), "amends_id": r.amends_id,
            "valid_from": _date(r.valid_from), "valid_until": _date(r.valid_until),
        } for r in rows],
        next_after=rows[-1].id if len(rows) == limit else None,
    )


def _moment(value) -> str | None:
    return value.isoformat() if value else None


@bp.route("/v1/actions")
@requires(Access.API_TOKEN)
def actions():
    today = date.today()
    status = request.args.get("status")
    if status is not None and status not in set(ActionStatus):
        raise _BadArgument("status")
    filters = queries.ActionFilters(
        organisation_id=_int_arg("organisation", None, 1) if "organisation" in request.args else None,
        directorate_id=_int_arg("directorate", None, 1) if "directorate" in request.args else None,
        status=ActionStatus(status) if status else None, overdue=request.args.get("overdue") == "true",
    )
    limit = _int_arg("limit", 100, 1, MAX_LIMIT)
    rows = queries.actions_after(db.session(), today, filters, _int_arg("after", 0, 0), limit)
    return jsonify(
        on=today.isoformat(),
        actions=[{
            "id": r.id, "team_id": r.team_id, "team": r.team, "organisation_id": r.organisation_id,
            "organisation": r.organisation, "directorate_id": r.directorate_id,
            "directorate": r.directorate, "decision_id": r.decision_id, "source": r.source.value,
            "standard": r.standard_code, "condition": r.condition or None, "status": r.status.value,
            "overdue": r.overdue, "due_on": _date(r.due_on), "what_will_change": r.what_will_change,
            "how_we_will_know": r.how_we_will_know, "created_at": _moment(r.created_at),
            "completed_at": _moment(r.completed_at), "verified_at": _moment(r.verified_at),
        } for r in rows],
        next_after=rows[-1].id if len(rows) == limit else None,
    )

"""An administrator's page for API clients: create one (its token shown once), see them, revoke one."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accreditation import db
from accreditation.assurance import bp
from accreditation.assurance.clients import ApiClientError, api_clients, create_api_client, revoke_api_client
from accreditation.assurance.forms import ApiClientForm
from accreditation.assurance.models import ApiClient
from accreditation.roles import Permission, requires


@bp.route("/api-clients", methods=["GET", "POST"])
@requires(Permission.MANAGE_PEOPLE)
def api_clients_page():
    db_session = db.session()
    form = ApiClientForm()
    if form.validate_on_submit():
        try:
            client, token = create_api_client(db_session, current_user, form.name.data)
        except ApiClientError as error:
            form.name.errors.append(error.message)
        else:
            db_session.commit()
            # Shown on this response only, never stored or redirected with: the page must not be cached.
            response = render_template("assurance/api_client_created.jinja", client=client, token=token)
            return response, 200, {"Cache-Control": "no-store"}
    return render_template("assurance/api_clients.jinja", form=form, clients=api_clients(db_session)), (400 if form.errors else 200)


@bp.route("/api-clients/<int:client_id>/revoke", methods=["POST"])
@requires(Permission.MANAGE_PEOPLE)
def revoke_api_client_page(client_id: int):
    db_session = db.session()
    client = db_session.get(ApiClient, client_id) or abort(404)
    revoke_api_client(db_session, current_user, client)
    db_session.commit()
    flash(_("%(name)s can no longer use the API.", name=client.name), "success")
    return redirect(url_for(".api_clients_page"))

"""Service user-led accreditation: the app factory."""
import os

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from accreditation import components, config, db, i18n, jobs, navigation, storage, ui

login_manager = LoginManager()
csrf = CSRFProtect()


def create_app(overrides: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path or os.environ.get("ACCREDITATION_INSTANCE") or None,
        static_folder=None,  # static files are served by a route that declares its access like any other
        template_folder=None,
    )
    app.config.update(config.load(app.instance_path, overrides))
    app.config.setdefault("TRANSLATIONS_DIR", str(config.PROJECT_ROOT / "translations"))
    if trusted_proxies := int(os.environ.get("TRUSTED_PROXIES", "0")):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies)

    # Both must be set before anything creates app.jinja_env (Flask-Babel does).
    app.jinja_options = {**Flask.jinja_options, "undefined": ChainableUndefined, "autoescape": True}
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(config.PROJECT_ROOT / "templates"), PackageLoader("nhsuk_frontend_jinja")]
    )

    db.init_app(app)
    storage.init_app(app)
    jobs.init_app(app)
    i18n.init_app(app)
    ui.init_app(app)
    components.init_app(app)
    navigation.init_app(app)

    from accreditation import (
        actions, assets, assurance, auth, home, organisation, panels, reports, review, selfassessment, standards,
    )
    from accreditation.standards import published  # noqa: F401  (standards.published)

    standards.published.init_app(app)
    auth.init_app(app, login_manager)  # route access is checked before CSRF, so signed-out people are sent to sign in
    csrf.init_app(app)
    for feature in (assets, auth, home, standards, organisation, selfassessment, review, panels, actions, reports):
        app.register_blueprint(feature.bp)
    app.register_blueprint(assurance.bp)
    app.register_blueprint(assurance.api_bp)
    csrf.exempt(assurance.api_bp)  # read-only, bearer tokens, no session: nothing for a form token to protect
    return app

from flask import Blueprint

bp = Blueprint("standards", __name__, url_prefix="/standards")

from accreditation.standards import draft_views, views  # noqa: E402,F401  (registers the routes on bp)
from accreditation.standards.translations import being_checked, text  # noqa: E402

# Templates show a standard's text in the page's language: {{ standard|localised("title") }}.
bp.add_app_template_filter(text, "localised")
bp.add_app_template_global(being_checked, "standards_being_checked")

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import InputRequired

from accreditation.fields import MaxLength


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(message=_l("Enter your email address")), MaxLength(254)],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password"))],
        render_kw={"autocomplete": "current-password"},
    )


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), validators=[InputRequired(message=_l("Choose a language"))])
    next = HiddenField()


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"), validators=[InputRequired(message=_l("Choose a language"))])
    easy_read = BooleanField(
        _l("Easy read"),
        description=_l("Show each standard in its easy-read version first, with shorter help and larger text."),
    )
    large_text = BooleanField(_l("Large text"), description=_l("Make the text on every page larger."))

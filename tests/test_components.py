"""NHS.UK components are kept once rendered: what a page shows is what the macro would have made, every time."""
import re

from flask import render_template_string
from markupsafe import Markup

from accreditation.components import Components, fill_slot, slot
from accreditation.roles import Role


def _render(app, source: str, **context) -> str:
    with app.test_request_context():
        return render_template_string('{% from "macros/nhsuk.jinja" import insetText, tag, textarea %}' + source, **context)


def test_a_kept_component_is_the_markup_its_macro_makes(app):
    direct = _render(app, '{% from "nhsuk/components/tag/macro.jinja" import tag as raw %}{{ raw({"text": "Met"}) }}')
    assert _render(app, '{{ tag({"text": "Met"}) }}') == direct
    assert _render(app, '{{ tag({"text": "Met"}) }}') == direct  # the second time from the store


def test_text_and_markup_with_the_same_characters_are_kept_apart(app):
    as_text = _render(app, '{{ insetText({"text": value}) }}', value="<b>bold</b>")
    as_html = _render(app, '{{ insetText({"html": value}) }}', value=Markup("<b>bold</b>"))
    assert "&lt;b&gt;bold&lt;/b&gt;" in as_text and "<b>bold</b>" in as_html


def test_a_field_is_kept_once_whatever_was_typed_in_it_and_shows_what_was_typed(app):
    components = app.extensions["components"]
    field = '{{ textarea({"id": "n", "name": "n", "label": {"text": "Notes"}, "value": value}) }}'
    direct = '{% from "nhsuk/components/textarea/macro.jinja" import textarea as raw %}' + field.replace("textarea(", "raw(")
    before = len(components)
    for typed in ('We said "hello" & <waved>', "Another visit"):
        assert _render(app, field, value=typed) == _render(app, direct, value=typed)
    assert "We said &#34;hello&#34; &amp; &lt;waved&gt;</textarea>" in _render(app, field, value='We said "hello" & <waved>')
    assert len(components) == before + 1


def test_the_store_keeps_only_the_most_recently_used(app):
    with app.test_request_context():
        store = Components(app.jinja_env, keep=2)
        for text in ("one", "two", "one", "three"):
            store.render("tag", {"text": text})
        assert len(store) == 2
        assert ("tag", ("map", (("text", "two"),))) not in store._kept  # the least recently used went first


def test_a_slot_is_filled_escaped_and_never_left_behind():
    html = Markup("<p>%s</p>") % slot("token")
    assert fill_slot(html, "token", 'a"b') == Markup("<p>a&#34;b</p>")


def test_the_header_carries_this_pages_own_form_token_and_signing_out_works(client, make_person, sign_in_as):
    sign_in_as(make_person(Role.BOARD_VIEWER))
    tokens = []
    for _ in range(2):
        page = client.get("/home").get_data(as_text=True)
        assert "slot-" not in page
        header = page.split('class="app-header-form"', 1)[1]
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', header).group(1))
    response = client.post("/sign-out", data={"csrf_token": tokens[-1]})
    assert response.status_code == 302
    assert client.get("/home").status_code == 302  # signed out: sent to sign in

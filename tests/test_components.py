"""NHS.UK components are kept once rendered: what a page shows is what the macro would have made, every time."""
import re
import time

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


def test_the_store_keeps_no_more_markup_than_its_bound(app):
    with app.test_request_context():
        store = Components(app.jinja_env, keep_bytes=3000)
        made = [store.keep("block", n, caller=lambda n=n: f"<p>{n}</p>" + "x" * 1000) for n in range(5)]
        assert len(store) == 2 and store._kept.bytes <= 3000
        assert store.keep("block", 4, caller=lambda: "made again") == made[4]  # the newest is still kept


def test_a_block_that_may_still_change_is_made_every_time_and_not_kept(app):
    with app.test_request_context():
        store = Components(app.jinja_env)
        for text in ("draft", "changed"):
            assert store.keep("report", 1, lasting=False, caller=lambda text=text: text) == text
        assert len(store) == 0


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


# Blocks of the layout kept once rendered: header, language menu, session warning, footer (templates/base.jinja).


def _header(page: str) -> str:
    return page.split("<header", 1)[1].split("</header>", 1)[0]


def _sections(page: str) -> list[str]:
    return re.findall(r'class="nhsuk-header__navigation-link" href="[^"]*"[^>]*>(?:<strong[^>]*>)?([^<]+)<', _header(page))


def test_each_person_sees_their_own_name_and_sections_in_a_kept_header(app, make_person):
    people = [make_person(Role.BOARD_VIEWER, given_name="Ada"), make_person(Role.BOARD_VIEWER, given_name="Bea"),
              make_person(Role.QA_COORDINATOR, given_name="Cy <Admin>")]
    pages = []
    for person in people:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = str(person.id), True
        pages.append(client.get("/home").get_data(as_text=True))
    ada, bea, cy = pages
    assert "Ada" in _header(ada) and "Bea" not in _header(ada) and "Bea" in _header(bea)
    assert "Cy &lt;Admin&gt;" in _header(cy) and "Cy <Admin>" not in cy  # a name is text, whoever's header it is
    assert _sections(ada) == _sections(bea) == ["Home", "Standards", "Teams"]
    assert _sections(cy)[:3] == ["Home", "Standards", "Self-assessments"] and "Visits" in _sections(cy)


def test_the_open_section_is_marked_on_each_page(client, make_person, sign_in_as):
    sign_in_as(make_person(Role.QA_COORDINATOR))
    for path, section in (("/home", "Home"), ("/standards/", "Standards"), ("/reviews/", "Visits")):
        header = _header(client.get(path).get_data(as_text=True))
        marked = re.findall(r'aria-current="[^"]+">(?:<strong[^>]*>)?([^<]+)<', header)
        assert marked == [section], (path, marked)


def test_the_language_menu_goes_back_to_this_page_and_the_warning_counts_this_sessions_time(client, make_person, sign_in_as):
    sign_in_as(make_person(Role.BOARD_VIEWER))
    for path in ("/home", '/standards/?q="><b>x</b>'):
        page = client.get(path).get_data(as_text=True)
        menu = page.split('class="app-language-switcher"', 1)[1].split("</form>", 1)[0]
        assert re.search(r'name="next" value="([^"]*)"', menu).group(1).startswith(path.split("?")[0])
        assert "<b>x</b>" not in page and "slot-" not in page
    for minutes in (90, 20):
        with client.session_transaction() as session:
            session["expires_at"] = int(time.time()) + minutes * 60
        page = client.get("/home").get_data(as_text=True)
        assert minutes * 60 - 60 < int(re.search(r'data-seconds-left="(\d+)"', page).group(1)) <= minutes * 60


def test_a_kept_block_is_made_once_per_language(app, make_person):
    components = app.extensions["components"]
    client = app.test_client()
    person = make_person(Role.BOARD_VIEWER)
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(person.id), True
    client.get("/home")
    before = len(components)
    client.get("/home")
    assert len(components) == before  # nothing new: header, menu, warning and footer came from the store
    urdu = client.get("/home", headers={"Accept-Language": "ur"}).get_data(as_text=True)
    assert len(components) > before and re.search(r'<html lang="ur"[^>]*dir="rtl"', urdu)
    assert "Sign out" not in _header(urdu)


def test_an_imported_macro_still_sees_the_importing_templates_own_globals(app):
    """QuickImports skips Jinja's test only when the importing template has no globals of its own."""
    from jinja2 import DictLoader

    from accreditation.components import QuickImports

    env = app.jinja_env.overlay(loader=DictLoader({"shown.jinja": "{% macro show() %}[{{ extra }}]{% endmacro %}"}))
    assert env.template_class is QuickImports
    page = '{% from "shown.jinja" import show %}{{ show() }}'
    assert env.from_string(page, globals={"extra": "its own"}).render() == "[its own]"
    assert env.from_string(page).render() == "[]"

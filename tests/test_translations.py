"""Every user-visible string is marked, and the catalogue template in translations/ is up to date."""
import subprocess

from babel.messages.pofile import read_po

from accreditation.config import PROJECT_ROOT


def _key(message) -> str:
    """A message's English, and its context where one word is used for two things ("Open [status of ...]")."""
    text = message.id if isinstance(message.id, str) else message.id[0]
    return f"{text} [{message.context}]" if message.context else text


def _msgids(path):
    with open(path, "rb") as handle:
        return {_key(message) for message in read_po(handle) if message.id}


def test_the_catalogue_template_has_every_marked_message(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(["bash", str(PROJECT_ROOT / "dev"), "messages-template", str(fresh)], check=True, timeout=120)
    committed = _msgids(PROJECT_ROOT / "translations" / "messages.pot")
    extracted = _msgids(fresh)
    assert extracted - committed == set(), "run ./dev messages and commit translations/"
    assert committed - extracted == set(), "run ./dev messages and commit translations/"
    assert {"Sign in", "There is a problem", "Service user assessor"} <= extracted


def catalogue_problems(path, template_ids) -> list[str]:
    """What stops a catalogue being published: messages untranslated, fuzzy, or missing (not updated)."""
    with open(path, "rb") as handle:
        catalogue = read_po(handle)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        key = _key(message)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {key}")
        elif not all(strings):
            problems.append(f"untranslated: {key}")
    problems += [f"missing (run ./dev messages): {key}" for key in sorted(template_ids - _msgids(path))]
    return problems


def test_every_catalogue_is_complete_and_checked_for_fuzzy_entries():
    from accreditation.i18n import LANGUAGE_CODES

    template = _msgids(PROJECT_ROOT / "translations" / "messages.pot")
    for path in sorted((PROJECT_ROOT / "translations").glob("*/LC_MESSAGES/messages.po")):
        assert path.parent.parent.name in LANGUAGE_CODES, f"{path}: not one of the service's languages"
        assert catalogue_problems(path, template) == [], path


def test_the_catalogue_check_finds_fuzzy_untranslated_and_missing_messages(tmp_path):
    from tests.i18n.pseudo import write_catalogue

    path = write_catalogue(tmp_path, "pl", {"Sign in": "Zaloguj się", "Language": "", "Menu": "Menu"})
    text = path.read_text(encoding="utf-8").replace('msgid "Menu"', '#, fuzzy\nmsgid "Menu"')
    path.write_text(text, encoding="utf-8")
    assert catalogue_problems(path, {"Sign in", "Language", "Menu", "Home"}) == [
        "untranslated: Language", "fuzzy: Menu", "missing (run ./dev messages): Home"
    ]


def test_a_word_english_uses_for_two_things_is_translated_for_each(app):
    """"Completed" is an improvement action's status and a standard's state in the task list: in Polish the two
    agree with different nouns, so each has its own context in the catalogue."""
    from flask_babel import force_locale

    from accreditation.actions.models import ActionStatus
    from accreditation.selfassessment.rules import TaskState

    with app.test_request_context(), force_locale("pl"):
        assert (str(ActionStatus.COMPLETED.label), str(TaskState.COMPLETED.label)) == ("Zakończone", "Ukończone")
    with app.test_request_context():
        assert str(ActionStatus.COMPLETED.label) == str(TaskState.COMPLETED.label) == "Completed"

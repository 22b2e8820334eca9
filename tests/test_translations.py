"""Every user-visible string is marked, and the catalogue template in translations/ is up to date."""
import subprocess

from babel.messages.pofile import read_po

from accreditation.config import PROJECT_ROOT


def _msgids(path):
    with open(path, "rb") as handle:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle) if message.id}


def test_the_catalogue_template_has_every_marked_message(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(["bash", str(PROJECT_ROOT / "dev"), "messages-template", str(fresh)], check=True, timeout=120)
    committed = _msgids(PROJECT_ROOT / "translations" / "messages.pot")
    extracted = _msgids(fresh)
    assert extracted - committed == set(), "run ./dev messages and commit translations/"
    assert committed - extracted == set(), "run ./dev messages and commit translations/"
    assert {"Sign in", "There is a problem", "Service user assessor"} <= extracted

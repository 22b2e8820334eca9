import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from accreditation.config import PROJECT_ROOT
from accreditation.standards.loader import StandardsError, load_standards, read_set
from accreditation.standards.models import Standard, StandardsVersion, Tier

SOURCE = PROJECT_ROOT / "standards" / "sula-2026.1.toml"


def test_the_published_set_has_24_plain_standards_in_themes():
    data = read_set(SOURCE)
    standards = data["standards"]
    assert len(standards) == 24
    assert len({s["code"] for s in standards}) == 24
    assert {s["theme"] for s in standards} == {t["code"] for t in data["themes"]}
    assert {s["tier"] for s in standards} == {t.value for t in Tier}
    # Written from a service user's or carer's point of view.
    assert all(re.search(r"\b(I|We|we|my|me)\b", s["statement"]) for s in standards)


def _bad_copy(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = SOURCE.read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, count))
    return path


def _drop_first_standard(text: str) -> str:
    start = text.index("[[standards]]")
    return text[:start] + text[text.index("[[standards]]", start + 1):]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ('easy_read = "Staff say hello', 'easy_reading = "Staff say hello', 'standards[0] (WEL-01): field "easy_read" is missing'),
        ('tier = "essential"', 'tier = "optional"', 'standards[0] (WEL-01): field "tier" should be one of'),
        ('code = "WEL-02"', 'code = "WEL-01"', 'standards[1] (WEL-01): field "code" is used by another standard'),
        ('code = "WEL-02"', 'code = "welcome two"', 'standards[1] (welcome two): field "code" should look like ABC-01'),
        ('theme = "WEL"', 'theme = "XYZ"', 'standards[0] (WEL-01): field "theme" names no theme'),
        ('title = "Welcomed and known by name"', 'title = "  "', 'standards[0] (WEL-01): field "title" is empty'),
        ("what_good_looks_like = [", "what_good_looks_like = 3\nignored = [", 'field "what_good_looks_like" should be a list'),
        ('version = "2026.1"', 'version = 2026', 'the set: field "version" should be a str'),
        ('status = "published"', 'status = "maybe"', 'the set: field "status" should be one of'),
        ('version = "2026.1"', 'version = "2026.1', "not valid TOML"),
    ],
)
def test_bad_files_are_refused_naming_the_file_and_field(tmp_path, old, new, expected):
    path = _bad_copy(tmp_path, old, new)
    with pytest.raises(StandardsError) as error:
        read_set(path)
    assert str(error.value).startswith(str(path))
    assert expected in str(error.value)


def test_a_published_set_must_have_exactly_24(tmp_path):
    path = tmp_path / "short.toml"
    path.write_text(_drop_first_standard(SOURCE.read_text()))
    with pytest.raises(StandardsError, match=r'field "standards": a published set has exactly 24 standards, this one has 23'):
        read_set(path)


def test_a_draft_may_be_incomplete_and_is_not_loaded(tmp_path, db):
    text = _drop_first_standard(SOURCE.read_text()).replace('status = "published"', 'status = "draft"')
    (tmp_path / "draft.toml").write_text(text.replace('version = "2026.1"', 'version = "2027.1"'))
    shutil.copy(SOURCE, tmp_path)
    assert load_standards(db, tmp_path) == []


def test_a_new_version_loads_beside_the_old_one(tmp_path, db):
    shutil.copy(SOURCE, tmp_path)
    (tmp_path / "next.toml").write_text(SOURCE.read_text().replace('version = "2026.1"', 'version = "2027.1"'))
    assert load_standards(db, tmp_path) == ["2027.1"]
    db.flush()
    new = db.scalar(select(StandardsVersion).where(StandardsVersion.label == "2027.1"))
    assert [s.code for s in new.standards][:3] == ["WEL-01", "WEL-02", "WEL-03"]
    assert new.standards[0].theme.title == "Being welcomed and treated with dignity"


def test_a_published_version_never_changes(tmp_path, db):
    (tmp_path / "changed.toml").write_text(SOURCE.read_text().replace("Staff say hello to me.", "Staff wave."))
    with pytest.raises(StandardsError, match="2026.1 is already published and cannot change"):
        load_standards(db, tmp_path)


def test_comments_and_layout_may_change_in_a_published_file(tmp_path, db):
    (tmp_path / "tidied.toml").write_text("# tidied\n" + SOURCE.read_text().replace("\n\n", "\n\n\n"))
    assert load_standards(db, tmp_path) == []


def test_one_bad_file_stops_every_file_from_loading(tmp_path, db):
    before = db.scalar(select(func.count(Standard.id)))
    (tmp_path / "a-good.toml").write_text(SOURCE.read_text().replace('version = "2026.1"', 'version = "2027.1"'))
    (tmp_path / "b-bad.toml").write_text(SOURCE.read_text().replace('version = "2026.1"', 'version = "2028.1"').replace("easy_read", "easyread", 1))
    with pytest.raises(StandardsError, match="b-bad.toml"):
        load_standards(db, tmp_path)
    assert db.scalar(select(func.count(Standard.id))) == before


def test_two_files_may_not_claim_the_same_version(tmp_path, db):
    shutil.copy(SOURCE, tmp_path / "a.toml")
    shutil.copy(SOURCE, tmp_path / "b.toml")
    with pytest.raises(StandardsError, match='b.toml: field "version": 2026.1 is also in'):
        load_standards(db, tmp_path)

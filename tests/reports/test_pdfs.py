"""The letter and the report as PDF, read as a person or a tool would: the text, the metadata, the fonts."""
import re
import subprocess
import sys
import unicodedata
import zlib

import pytest
from sqlalchemy import select

from accreditation.organisation.models import Team
from accreditation.panels.outcome import Outcome
from accreditation.reports import documents
from accreditation.reports.letter import render_letter
from accreditation.reports.report import render_report
from accreditation.review.models import Score
from accreditation.review.report_models import ConsolidatedFinding
from tests.reports.conftest import NOT_MET, PARTLY, TRICKY_FINDING


def pdf_tool(tool, path):
    return subprocess.run([tool, str(path)] + (["-"] if tool == "pdftotext" else []), capture_output=True, text=True, check=True).stdout


@pytest.fixture
def render(db, app, tmp_path):
    """render(decision, "letter" or "report", language) -> the PDF's path."""

    def make(decision, which, language="en-GB"):
        doc = documents.load(db, documents.item_of(db, decision.id))
        with app.test_request_context():
            content = (render_letter if which == "letter" else render_report)(doc, language)
        path = tmp_path / f"{which}-{language}.pdf"
        path.write_bytes(content)
        return path

    return make


def text_of(path):
    return " ".join(pdf_tool("pdftotext", path).split())


def embedded_fonts(path):
    rows = pdf_tool("pdffonts", path).splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), rows  # the "emb" column: nothing left to the reader
    return {row.split()[0].split("+")[-1] for row in rows}


def test_the_letter_says_the_decision_the_conditions_and_the_right_to_appeal(render, decide, db):
    decision = decide(Outcome.SILVER, conditions="Share the easy-read plan")
    path = render(decision, "letter")
    text = text_of(path)
    assert "Decision letter: Larch Ward" in text
    assert "The decision is: Silver." in text and "Share the easy-read plan" in text
    assert "Your team is accredited at the level Silver" in text and "An interim review is due by" in text
    assert "your team may appeal" in text and "within 28 days" in text
    assert decision.item.panel.chair.full_name in text and "Chair of the final committee" in text
    assert "Page 1 of 1" in text
    info = pdf_tool("pdfinfo", path)
    assert "Title:           Decision letter: Larch Ward" in info
    assert b"/Lang (en-GB)" in path.read_bytes() and b"/DisplayDocTitle true" in path.read_bytes()
    assert embedded_fonts(path) == {"NotoSans-Regular", "NotoSans-Bold"}


def characters_in_fonts(path):
    """Every character the PDF's embedded fonts hold, read from each subset's map to Unicode."""
    data, held = path.read_bytes(), set()
    for stream in re.finditer(rb"/Filter \[ /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n", data):
        content = zlib.decompress(data[stream.end():stream.end() + int(stream.group(1))])
        if b"begincmap" in content:
            held |= {chr(int(code, 16)) for code in re.findall(rb"<[0-9A-F]{2}> <([0-9A-F]{4})>", content)}
    return held


def test_the_fonts_carry_only_the_letters_the_pdf_uses(render, decide):
    """Not the rest of the alphabet besides: every PDF is that much smaller (and quicker to make)."""
    path = render(decide(Outcome.SILVER), "letter")
    assert characters_in_fonts(path) - set(text_of(path)) == {"\x00"}  # the subset's "missing glyph"


def test_the_letter_for_a_deferral_says_until_when_and_what_to_show(render, decide):
    text = text_of(render(decide(Outcome.DEFERRED), "letter"))
    assert "The decision is deferred until" in text
    assert "What your team must show Minutes of two community meetings" in text


def test_the_report_has_every_standard_and_lists_the_improvement_actions(render, decide, mixed_review):
    path = render(decide(Outcome.SILVER, conditions="Share the easy-read plan"), "report")
    text = text_of(path)
    assert "Accreditation report: Larch Ward" in text
    for standard in mixed_review.self_assessment.cycle.standards:
        assert standard.code in text
    assert "Silver, decided by the final committee on" in text
    assert "A warm welcome at the door" in text and "Easy-read care plans" in text and "Share the easy-read plan" in text
    actions = text[text.rindex("Improvement actions"):]
    assert "These standards were not met or only partially met" in actions
    standards = mixed_review.self_assessment.cycle.standards
    assert f"{standards[NOT_MET].code}: {standards[NOT_MET].title} Not met" in actions
    assert f"{standards[PARTLY].code}: {standards[PARTLY].title} Partially met" in actions
    pages = int(pdf_tool("pdfinfo", path).split("Pages:")[1].split()[0])
    assert pages > 1 and f"Page {pages} of {pages}" in text
    embedded_fonts(path)


def test_text_longer_than_a_page_flows_on_to_the_next_with_nothing_lost(render, decide):
    words = [f"w{n}" for n in range(1200)]
    path = render(decide(Outcome.SILVER, conditions=" ".join(words)), "report")
    assert re.findall(r"\bw\d+\b", text_of(path)) == words


def test_a_table_longer_than_a_page_goes_on_with_its_header_and_every_row(render, decide, db, mixed_review):
    finding = "Seen on the ward; " + " ".join(["people told us the same thing in other words"] * 6)
    for found in db.scalars(select(ConsolidatedFinding).where(ConsolidatedFinding.review_id == mixed_review.id)):
        found.score, found.finding = Score.NOT_MET, finding
    db.flush()
    path = render(decide(Outcome.NOT_YET_ACCREDITED, departure_reason=""), "report")
    pages = [page for page in pdf_tool("pdftotext", path).split("Improvement actions")[-1].split("\f")
             if re.search(r"[A-Z]{3}-\d\d:", page)]
    assert len(pages) > 1  # the table runs over more than one page, with its header again on each
    assert all("Standard" in page and "Assessors'" in page for page in pages)
    text = " ".join(" ".join(pages).split())
    assert [s.code for s in mixed_review.self_assessment.cycle.standards] == re.findall(r"\b([A-Z]{3}-\d\d):", text)


def test_user_text_is_printed_as_typed_never_read_as_markup(render, decide, db):
    db.scalar(select(Team).where(Team.name == "Larch Ward")).name = 'Larch Ward <b>& "friends"</b>'
    db.flush()
    decision = decide(Outcome.SILVER, conditions="Keep <i>minutes</i> & share them")
    letter, report = text_of(render(decision, "letter")), text_of(render(decision, "report"))
    assert 'Decision letter: Larch Ward <b>& "friends"</b>' in letter and "Keep <i>minutes</i> & share them" in letter
    assert TRICKY_FINDING in report


@pytest.mark.parametrize("name, language, font", [
    ("লার্চ ওয়ার্ড", "bn", "NotoSansBengali-Bold"),
    ("جناح الصنوبر", "ar", "NotoNaskhArabic-Bold"),
    ("لارچ وارڈ", "ur", "NotoNaskhArabic-Bold"),
])
def test_a_name_in_another_script_gets_a_font_with_its_letters(render, decide, db, name, language, font):
    db.scalar(select(Team).where(Team.name == "Larch Ward")).name = name
    db.flush()
    path = render(decide(Outcome.GOLD), "letter", language)
    assert font in embedded_fonts(path)
    assert f"/Lang ({language})".encode() in path.read_bytes()
    assert "Decision letter:" in text_of(path)


@pytest.mark.parametrize("name, words", [
    ("লার্চ ওয়ার্ড", ["লা", "ওয়া"]), ("جناح الصنوبر", ["جناح", "الصنوبر"]), ("لارچ وارڈ", ["وارڈ"]),
])
def test_bengali_and_arabic_names_can_be_copied_out_of_the_pdf(render, decide, db, name, words):
    """Shaped Arabic comes out as presentation forms, which normalise back to the letters typed; a Bengali
    conjunct (র্চ) comes out without its parts, so only whole syllables are checked. Urdu is set in Naskh, so
    it copies out too (a lam-alef ligature does not, so the Urdu check leaves that word out)."""
    db.scalar(select(Team).where(Team.name == "Larch Ward")).name = name
    db.flush()
    extracted = unicodedata.normalize("NFKC", pdf_tool("pdftotext", render(decide(Outcome.GOLD), "letter")))
    assert all(word in extracted for word in words)


@pytest.mark.parametrize("language, font", [
    ("bn", "NotoSansBengali"), ("ar", "NotoNaskhArabic"), ("ur", "NotoNaskhArabic"),
])
def test_the_letter_and_report_are_written_in_the_team_s_language_with_its_fonts(app, db, decide, tmp_path, language, font):
    """The whole document in the language (from its catalogue), not only names typed in its script."""
    from babel.support import Translations
    from flask_babel import force_locale

    from accreditation.config import PROJECT_ROOT

    translations = Translations.load(str(PROJECT_ROOT / "translations"), [language])
    decision = decide(Outcome.GOLD)
    doc_id = decision.id
    for which, render_one, english in (("letter", render_letter, "Decision letter"), ("report", render_report, "Accreditation report")):
        with app.test_request_context(), force_locale(language):
            content = render_one(documents.load(db, documents.item_of(db, doc_id)), language)
        path = tmp_path / f"{which}-{language}.pdf"
        path.write_bytes(content)
        fonts = embedded_fonts(path)
        assert any(name.startswith(font) for name in fonts), fonts
        assert f"/Lang ({language})".encode() in content
        text = unicodedata.normalize("NFKC", pdf_tool("pdftotext", path))
        assert english not in text and "Page 1 of" not in text  # nothing left in English
        if language == "bn":  # Bengali full stops, in the Bengali font (Noto Sans has none)
            assert "।" in text
        if language in ("ar", "ur"):  # Arabic script copies out whole; Bengali conjuncts do not (see above)
            heading = translations.gettext(english + ": %(team)s") % {"team": ""}
            # (a lam-alef ligature does not copy out as its two letters, so words with one are left out)
            words = [w.strip(":،.") for w in heading.split() if len(w.strip(":،.")) > 2 and "لا" not in w]
            assert words and all(word in text for word in words), heading


def test_made_first_in_a_process_the_board_report_keeps_to_the_letters_fonts(tmp_path):
    """ReportLab lets the first font registered for a face serve every later name for it. The board report once
    registered Noto Sans itself, with all of ASCII in each subset: made first in a worker, it gave every letter and
    report that worker made after it the same (a whole run of the tests found it). Now both share one registration,
    so in a new process the board report's fonts hold only the letters it uses, as the letters' do."""
    path = tmp_path / "board.pdf"
    code = (
        "import sys\nfrom datetime import date\nfrom flask import Flask\nfrom flask_babel import Babel\n"
        "from accreditation.assurance.board_report import BoardReport, render_board_report\n"
        "from accreditation.assurance.queries import UNFINISHED, ActionCounts, HeatMap, Status, Summary\n"
        "app = Flask(__name__); Babel(app)\n"
        "with app.test_request_context():\n"
        "    pdf = render_board_report(BoardReport(on=date(2026, 6, 1), organisation='Riverside', language='en-GB',\n"
        "        by_organisation=False, summary=[Summary(None, 'All directorates', 0, dict.fromkeys(Status, 0), 0, 0)],\n"
        "        heat=HeatMap([], [], {}), themes=[], actions=[ActionCounts(None, 'All directorates', dict.fromkeys(UNFINISHED, 0), 0)],\n"
        "        attention=iter(())))\n"
        "open(sys.argv[1], 'wb').write(pdf)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True)
    assert characters_in_fonts(path) and characters_in_fonts(path) - set(text_of(path)) == {"\x00"}

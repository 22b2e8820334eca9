"""The certificate: what the team receives, checked as a reader would (text, metadata, fonts) and by access."""
import subprocess
from datetime import date

import pytest

from accreditation.panels import services
from accreditation.panels.outcome import Outcome
from accreditation.reports.certificate import render_certificate
from accreditation.reports.documents import CertificateData
from accreditation.roles import Role
from tests.conftest import page_text
from tests.panels.conftest import TODAY, everyone_present


def pdf_tool(tool, pdf_path, *args):
    return subprocess.run([tool, *args, str(pdf_path)] + (["-"] if tool == "pdftotext" else []),
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def certificate_pdf(tmp_path, app):
    data = CertificateData(team='Larch Ward <b>& "friends"</b>', organisation="Riverside NHS Foundation Trust (demo)",
                           award="Silver", valid_from=date(2027, 7, 1), valid_until=date(2030, 7, 1),
                           chair="Deniz Yilmaz", language="en-GB")
    with app.test_request_context():
        content = render_certificate(data)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    return path


def test_the_certificate_says_who_what_and_until_when(certificate_pdf):
    text = " ".join(pdf_tool("pdftotext", certificate_pdf).split())
    assert 'Larch Ward <b>& "friends"</b>' in text  # user text drawn as it is, never as markup
    assert "Silver" in text and "Valid from 1 July 2027 until 1 July 2030" in text
    assert "Chair of the final committee: Deniz Yilmaz" in text


def test_the_certificate_has_a_title_a_language_and_only_embedded_fonts(certificate_pdf):
    info = pdf_tool("pdfinfo", certificate_pdf)
    assert 'Title:           Certificate of accreditation: Larch Ward <b>& "friends"</b>' in info
    assert b"/Lang (en-GB)" in certificate_pdf.read_bytes()
    fonts = pdf_tool("pdffonts", certificate_pdf).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # the "emb" column


@pytest.fixture
def decided(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    decision = services.record_decision(db, chair, item, outcome=Outcome.GOLD, rationale="All met", request_key="c", today=TODAY)
    db.flush()
    return decision


def test_the_team_downloads_its_certificate_and_others_cannot(client, sign_in_as, db, decided, people, make_person):
    sign_in_as(people["member"])
    page = page_text(client.get(f"/decisions/{decided.id}/certificate"))
    assert "Larch Ward: Gold" in page and "Download the certificate (PDF)" in page
    pdf = client.get(f"/decisions/{decided.id}/certificate.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    from accreditation.organisation.models import Team
    from sqlalchemy import select

    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    sign_in_as(make_person(Role.TEAM_LEAD, team=rowan))
    assert client.get(f"/decisions/{decided.id}/certificate.pdf").status_code == 404


def test_without_noto_the_pdfs_embed_vera(tmp_path):
    """A machine set up only for the demo has no Noto fonts: ReportLab's own Vera is embedded instead."""
    script = f"""
from datetime import date
from accreditation import create_app
from accreditation.reports import fonts
fonts.NOTO = fonts.Path("{tmp_path}/no-fonts-here")
from accreditation.reports.certificate import render_certificate
from accreditation.reports.documents import CertificateData
app = create_app({{"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}}, instance_path="{tmp_path}/instance")
with app.test_request_context():
    pdf = render_certificate(CertificateData("Larch Ward", "Riverside", "Gold", date(2027, 7, 1), date(2030, 7, 1), "Deniz", "en-GB"))
open("{tmp_path}/vera.pdf", "wb").write(pdf)
"""
    import sys

    subprocess.run([sys.executable, "-c", script], check=True)  # a fresh process: fonts register once per process
    fonts = pdf_tool("pdffonts", tmp_path / "vera.pdf").splitlines()[2:]
    assert {line.split()[0].split("+")[-1] for line in fonts} == {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"}
    assert all(" yes " in line for line in fonts)


def test_a_team_named_in_bengali_gets_its_letters_on_the_certificate(tmp_path, app):
    data = CertificateData(team="লার্চ ওয়ার্ড", organisation="Riverside", award="Gold", valid_from=date(2027, 7, 1),
                           valid_until=date(2030, 7, 1), chair="Deniz Yilmaz", language="bn")
    with app.test_request_context():
        (tmp_path / "bn.pdf").write_bytes(render_certificate(data))
    assert "NotoSansBengali-Bold" in pdf_tool("pdffonts", tmp_path / "bn.pdf")
    assert b"/Lang (bn)" in (tmp_path / "bn.pdf").read_bytes()

"""Evidence uploads: checked by content, kept under random names, and nothing left behind when refused."""
import io
import zipfile

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from accreditation.selfassessment import services
from accreditation.selfassessment.files import FileRefused, check_file


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Community meeting minutes")
    page.save()
    return out.getvalue()


def image_bytes(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, kind)
    return out.getvalue()


def office_bytes(main_part: str, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document>Minutes</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data, content_type", [
    (pdf_bytes(), "application/pdf"),
    (image_bytes("PNG"), "image/png"),
    (image_bytes("JPEG"), "image/jpeg"),
    (office_bytes("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (office_bytes("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (office_bytes("ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("Notes from our carers' group, 12 March\n".encode(), "text/plain"),
])
def test_allowed_types_are_recognised_by_content(data, content_type):
    assert check_file(data).content_type == content_type


ELF = b"\x7fELF\x02\x01\x01" + bytes(200)
WINDOWS_EXE = b"MZ\x90\x00" + bytes(200)


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"),
    (ELF, "must be a PDF, Word, Excel, PowerPoint, PNG, JPEG or plain text"),
    (WINDOWS_EXE, "must be a PDF, Word, Excel, PowerPoint, PNG, JPEG or plain text"),
    (b"%PDF-" + bytes(20 * 1024 * 1024), "smaller than 20 MB"),
    (office_bytes("word/document.xml", {"word/media/bomb.xml": bytes(300 * 1024 * 1024)}), "unpacks to far more"),
    (office_bytes("word/document.xml", {"word/vbaProject.bin": b"macro"}), "contains macros"),
    (office_bytes("content.xml"), "must be a PDF, Word"),
    (b"PK\x03\x04 not really a zip", "damaged"),
    ("Seen: 943 476 5919\n".encode(), "NHS number"),
])
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(FileRefused) as refused:
        check_file(data)
    assert message in str(refused.value.message)


def test_an_accepted_file_is_stored_under_a_random_name_with_its_real_type(db, cycle, people, store):
    wel = cycle.standards[0]
    evidence = services.add_file_evidence(
        db, people["member"], store, cycle.self_assessment, wel,
        data=pdf_bytes(), filename="../../Minutes March.exe", description="Minutes of the community meeting",
    )
    assert evidence.filename == "Minutes March.pdf"
    assert evidence.storage_key not in evidence.filename
    assert store.read(evidence.storage_key).startswith(b"%PDF-")
    assert [p.name for p in store.root.rglob("*") if p.is_file()] == [evidence.storage_key]


def test_a_refused_upload_leaves_nothing_behind(db, cycle, people, store):
    wel = cycle.standards[0]
    with pytest.raises(FileRefused):
        services.add_file_evidence(
            db, people["member"], store, cycle.self_assessment, wel, data=ELF, filename="report.pdf", description="x",
        )
    assert not store.root.exists() or not any(p.is_file() for p in store.root.rglob("*"))
    assert services.answer_for(db, cycle.self_assessment, wel) is None


def test_a_file_whose_record_fails_is_not_left_in_the_store(tmp_path):
    from accreditation.selfassessment.files import check_file, kept_file
    from accreditation.storage import LocalStorage

    store, data = LocalStorage(tmp_path), pdf_bytes()
    with kept_file(store, data, check_file(data), "Notice board.PNG") as kept:
        pass
    assert store.read(kept.storage_key) == data and kept.filename == "Notice board.pdf" and kept.size == len(data)
    with pytest.raises(RuntimeError):
        with kept_file(store, data, check_file(data), "minutes.pdf"):
            raise RuntimeError("the evidence row could not be written")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [kept.storage_key]

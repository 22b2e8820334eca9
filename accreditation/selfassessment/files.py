"""Checks on an uploaded evidence file, by its content and never by its name, and keeping it in the store."""
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from accreditation.selfassessment.rules import contains_nhs_number
from accreditation.storage import Storage

MAX_BYTES = 20 * 1024 * 1024
# Office files are zip archives: refuse any that would unpack to far more than they weigh (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_PARTS = 5000

OFFICE_PARTS = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/presentation.xml": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


class FileRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _office(data: bytes) -> CheckedFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise FileRefused(_l("The file is damaged or is not a Word, Excel or PowerPoint file")) from error
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
        raise FileRefused(_l("The file unpacks to far more than its size, so it cannot be checked safely"))
    names = {part.filename for part in parts}
    if any(name.endswith("vbaProject.bin") for name in names):
        raise FileRefused(_l("The file contains macros. Save it without macros (as .docx, .xlsx or .pptx) and try again"))
    for part, (content_type, extension) in OFFICE_PARTS.items():
        if part in names:
            return CheckedFile(content_type, extension)
    raise FileRefused(_l("The file must be a PDF, Word, Excel, PowerPoint, PNG, JPEG or plain text file"))


def _text(data: bytes) -> CheckedFile | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return None
    if contains_nhs_number(text):
        raise FileRefused(_l("The file contains what looks like an NHS number. Remove anything that could identify a patient and try again"))
    return CheckedFile("text/plain", "txt")


def check_file(data: bytes) -> CheckedFile:
    """The file's real type if it is allowed; FileRefused with a plain message if not."""
    if not data:
        raise FileRefused(_l("The file is empty"))
    if len(data) > MAX_BYTES:
        raise FileRefused(_l("The file must be smaller than 20 MB"))
    if data.startswith(b"%PDF-"):
        return CheckedFile("application/pdf", "pdf")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return CheckedFile("image/png", "png")
    if data.startswith(b"\xff\xd8\xff"):
        return CheckedFile("image/jpeg", "jpg")
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    checked = _text(data)
    if checked is None:
        raise FileRefused(_l("The file must be a PDF, Word, Excel, PowerPoint, PNG, JPEG or plain text file"))
    return checked


def safe_filename(filename: str, extension: str) -> str:
    """Keep the person's name for the file for display, with the extension of what it really is."""
    stem = "".join(c for c in filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] if c.isprintable() and c not in '"<>:|?*')
    stem = stem.rsplit(".", 1)[0].strip()[:150] or "evidence"
    return f"{stem}.{extension}"


@dataclass(frozen=True)
class KeptFile:
    """A checked file in the store: what its record (evidence, further evidence, a progress update) holds."""

    storage_key: str
    filename: str
    content_type: str
    size: int


@contextmanager
def kept_file(store: Storage, data: bytes, checked: CheckedFile, filename: str) -> Iterator[KeptFile]:
    """Keep the file under a random key while the block records it; if recording fails, the file goes too."""
    key = store.save(data)
    try:
        yield KeptFile(key, safe_filename(filename, checked.extension), checked.content_type, len(data))
    except Exception:
        store.delete(key)  # a failed upload leaves nothing behind
        raise

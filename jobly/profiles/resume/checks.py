"""Cheap request-time checks on an uploaded resume: size, type by content, DOCX archive sanity.

Nothing here decompresses or parses the document; that happens in the worker (extract.py).
"""

import io
import zipfile

from django.conf import settings

from jobly import json_input
from jobly.decoding import decode_text, has_wide_bom
from jobly.errors import PermanentError, TooLarge, UnsupportedType

# A DOCX is small XML; these bounds are far above any real resume and far below a bomb.
DOCX_MAX_ENTRIES = 500
DOCX_MAX_TOTAL_UNCOMPRESSED = 50 * 1024 * 1024
DOCX_MAX_RATIO = 100
DOCX_RATIO_MIN_SIZE = 1024 * 1024  # tiny entries compress absurdly well and are harmless

KINDS = ("pdf", "docx", "markdown", "text", "json_resume")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "markdown": "text/markdown",
    "text": "text/plain",
    "json_resume": "application/json",
}


class UploadRejected(PermanentError):
    """An upload refused in the request, before it is stored (422 unless a subclass says otherwise)."""


class UploadTooLarge(UploadRejected, TooLarge):
    code = "file_too_large"


class UploadUnsupported(UploadRejected, UnsupportedType):
    code = "unsupported_type"


def file_too_large(size):
    limit = settings.UPLOAD_MAX_BYTES
    return UploadTooLarge(f"The file is {size:,} bytes; the limit is {limit:,} bytes.", details={"size": size, "limit": limit})


def unsupported(message="Upload a PDF, DOCX, Markdown, plain-text or JSON Resume file."):
    return UploadUnsupported(message)


def check_docx_archive(data):
    """Read only the ZIP central directory: entry count, names, declared sizes and ratios."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise UploadRejected(f"The DOCX archive is damaged ({error}).", code="malformed_archive") from error
    if len(entries) > DOCX_MAX_ENTRIES:
        raise UploadRejected(f"The archive has {len(entries):,} entries; a DOCX has a few dozen.", code="malformed_archive")
    total = 0
    for entry in entries:
        name = entry.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise UploadRejected("The archive contains an unsafe entry name.", code="malformed_archive", details={"entry": name[:200]})
        if name.lower().endswith((".zip", ".docx", ".jar", ".7z", ".rar")):
            raise UploadRejected("The archive contains another archive.", code="malformed_archive", details={"entry": name[:200]})
        total += entry.file_size
        if entry.file_size >= DOCX_RATIO_MIN_SIZE and entry.file_size > DOCX_MAX_RATIO * max(entry.compress_size, 1):
            raise UploadRejected(
                "The archive expands far beyond its size (a compression bomb?).",
                code="archive_too_large", details={"entry": name[:200], "declared_size": entry.file_size},
            )
    if total > DOCX_MAX_TOTAL_UNCOMPRESSED:
        raise UploadRejected(
            f"The archive would expand to {total:,} bytes.", code="archive_too_large", details={"declared_size": total},
        )
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise unsupported("This ZIP file is not a Word document (DOCX).")


def _looks_like_text(data):
    if b"\x00" in data[:8192] and not has_wide_bom(data):
        return None
    text = decode_text(data).text  # the same decoding the worker uses
    sample = text[:4096]
    printable = sum(1 for char in sample if char.isprintable() or char in "\r\n\t")
    if sample and printable / len(sample) > 0.95:
        return text
    return None


def detect_kind(data, filename=""):
    """The resume format judged from its bytes (the extension only tells Markdown from text)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        check_docx_archive(data)
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise unsupported("Old Word (.doc) files are not supported; save it as DOCX or PDF.")
    text = _looks_like_text(data)
    if text is None:
        raise unsupported()
    stripped = text.lstrip().lower()
    if stripped.startswith(("<!doctype html", "<html", "<?xml", "<svg")):
        raise unsupported("HTML and XML files are not supported; upload the resume itself.")
    if stripped.startswith("{"):
        try:
            document = json_input.loads(text, malformed_code="invalid_json_resume", malformed_status=422)
        except json_input.JSONInputError as error:
            raise UploadRejected(error.message, code=error.code, status=error.status, details=error.details) from error
        if not isinstance(document, dict):
            raise UploadRejected("A JSON Resume is a JSON object.", code="invalid_json_resume")
        return "json_resume"
    if not text.strip():
        raise UploadRejected("The file is empty.", code="empty_text")
    if filename.lower().endswith((".md", ".markdown")) or "\n#" in "\n" + text[:5000]:
        return "markdown"
    return "text"


def check_upload(uploaded_file):
    """Size first (without reading past the limit), then type by content. Returns (kind, bytes)."""
    size = uploaded_file.size or 0
    if size > settings.UPLOAD_MAX_BYTES:
        raise file_too_large(size)
    data = uploaded_file.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise file_too_large(len(data))
    if not data:
        raise UploadRejected("The file is empty.", code="empty_text")
    return detect_kind(data, uploaded_file.name or ""), data

"""Resume bytes → plain text, per format. Runs in the worker; bad documents raise PermanentError codes."""

import io
import logging
import re
import signal
import subprocess
import threading
import time
from contextlib import contextmanager

from jobly import json_input
from jobly.decoding import decode_text
from jobly.errors import PermanentError

logger = logging.getLogger("jobly.profiles")

MAX_PAGES = 20
MAX_CHARS = 200_000
MIN_TEXT_CHARS = 40
PARSE_SECONDS = 30  # a hostile PDF (reference loops, huge streams) fails in seconds, not at the task limit


class _ParseTimeout(BaseException):
    """BaseException, so the parsers' own `except Exception` blocks cannot swallow it."""


@contextmanager
def parse_deadline(seconds=None):
    """Stop extraction after `seconds` with `parse_error` (SIGALRM; only in a main thread,
    which is where a prefork Celery worker runs tasks; elsewhere the task limits still apply)."""
    seconds = PARSE_SECONDS if seconds is None else seconds
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _ParseTimeout()

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer_remaining, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _ParseTimeout as error:
        raise PermanentError(f"Reading this file took longer than {seconds:g} s; it may be damaged.", code="parse_error") from error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining:  # someone else's alarm (a test runner's timeout) keeps running
            signal.setitimer(signal.ITIMER_REAL, max(outer_remaining - (time.monotonic() - started), 0.001))


class Extracted:
    """Text of a document and how it was read: `method` (pdfminer, pypdf, ocr, docx, text, markdown),
    `page_count` (PDFs) and notes for the person reviewing the import."""

    def __init__(self, text, notes=(), *, method="", page_count=None):
        self.text = text[:MAX_CHARS]
        self.notes = list(notes)
        self.method = method
        self.page_count = page_count
        if len(text) > MAX_CHARS:
            self.notes.append(f"Only the first {MAX_CHARS:,} characters were read.")

    @property
    def char_count(self):
        return len(self.text)


def _has_text(text):
    return len(re.sub(r"\s+", "", text or "")) >= MIN_TEXT_CHARS


def _pdfminer_text(data):
    from pdfminer.high_level import extract_text as pdfminer_text

    return pdfminer_text(io.BytesIO(data), maxpages=MAX_PAGES, password="")


def _pypdf_text(reader):
    return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])


def _open_pdf(data):
    """pypdf's reader (it repairs broken cross-reference tables), decrypted with the empty password."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        # Many PDFs are "encrypted" only with an empty user password (copy protection).
        try:
            if not reader.decrypt(""):
                raise FileNotDecryptedError("password required")
        except (FileNotDecryptedError, NotImplementedError) as error:
            raise PermanentError(
                "This PDF is protected with a password; remove the password or upload another format.",
                code="pdf_encrypted",
            ) from error
    return reader


def _reading_failed(error):
    if isinstance(error, (MemoryError, SystemExit, KeyboardInterrupt, _ParseTimeout)):
        raise error
    logger.info("pdf reader failed", extra={"error": type(error).__name__})


def pdf_text(data):
    """pdfminer.six first (its layout analysis keeps columns and lines together far better than
    pypdf's), then pypdf (which repairs damaged cross-reference tables pdfminer gives up on), then
    OCR for image-only PDFs when Tesseract is installed; `pdf_no_text` when none finds text."""
    from jobly.profiles.resume import ocr

    reader, page_count, notes, failures = None, None, [], []
    try:
        reader = _open_pdf(data)
        page_count = len(reader.pages)
    except PermanentError:
        raise
    except Exception as error:  # pypdf raises many types for damaged files
        _reading_failed(error)
        failures.append(error)
    if page_count and page_count > MAX_PAGES:
        notes.append(f"Only the first {MAX_PAGES} of {page_count} pages were read.")
    readers = [("pdfminer", lambda: _pdfminer_text(data))]
    if reader is not None:
        readers.append(("pypdf", lambda: _pypdf_text(reader)))
    for method, read in readers:
        try:
            text = read()
        except Exception as error:  # pdfminer raises many types too
            _reading_failed(error)
            failures.append(error)
            continue
        if _has_text(text):
            if method != "pdfminer":
                notes.append("The PDF's structure is damaged; its text was recovered by a second reader.")
            return Extracted(text, notes, method=method, page_count=page_count)
    # Every reader failing, or no page at all, is a damaged file; pages without text are a scan.
    if len(failures) == len(readers) + (reader is None) or not page_count:
        name = type(failures[0]).__name__ if failures else "no pages"
        raise PermanentError(f"This PDF could not be read ({name}).", code="parse_error")
    if ocr.available():
        try:
            text = ocr.ocr_pdf(data, max_pages=min(page_count, ocr.OCR_MAX_PAGES))
        except (OSError, subprocess.SubprocessError) as error:
            logger.warning("ocr failed", extra={"error": type(error).__name__})
        else:
            if _has_text(text):
                notes.append("This PDF is a scanned image: its text was read by OCR, so check names, dates and numbers.")
                if page_count > ocr.OCR_MAX_PAGES:
                    notes.append(f"OCR read the first {ocr.OCR_MAX_PAGES} of {page_count} pages.")
                return Extracted(text, notes, method="ocr", page_count=page_count)
    raise PermanentError(
        "This PDF has no text layer: it looks like a scanned image; paste the text instead.",
        code="pdf_no_text",
    )


def docx_text(data):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        lines = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    if cell.text.strip() and cell.text not in cells:
                        cells.append(cell.text)
                lines.extend(cells)
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, OSError) as error:
        raise PermanentError(f"This DOCX could not be read ({type(error).__name__}).", code="parse_error") from error
    except Exception as error:  # lxml errors from a damaged part
        if type(error).__module__.startswith(("lxml", "zipfile")):
            raise PermanentError("This DOCX is damaged.", code="parse_error") from error
        raise
    return Extracted("\n".join(lines), method="docx")


def plain_text(data):
    decoded = decode_text(data)  # UTF-8 unless the file is mostly not; never fails (jobly/decoding.py)
    return Extracted(decoded.text, [decoded.note] if decoded.note else [], method="text")


def markdown_text(data):
    """Markdown keeps its heading lines; emphasis and link markup are dropped."""
    extracted = plain_text(data)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", extracted.text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"^(\s*)#{1,6}\s*", r"\1", text, flags=re.MULTILINE)
    extracted.text = text
    extracted.method = "markdown"
    return extracted


def json_resume_document(data):
    return json_input.loads(data, malformed_code="invalid_json_resume", malformed_status=422)


EXTRACTORS = {"pdf": pdf_text, "docx": docx_text, "markdown": markdown_text, "text": plain_text}


def extract_text(kind, data):
    """Text of a pdf/docx/markdown/text resume; empty text is an error, never an empty profile."""
    extracted = EXTRACTORS[kind](data)
    if not extracted.text.strip():
        raise PermanentError("No text was found in this file.", code="empty_text")
    return extracted

"""OCR of image-only (scanned) PDF pages: poppler's `pdftoppm` renders each page, Tesseract reads it.

Both are Debian command-line tools (`poppler-utils`, `tesseract-ocr` + a language pack); without them,
or with RESUME_OCR=off, `available()` is False and an image-only PDF stays `pdf_no_text`.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

OCR_MAX_PAGES = 6  # a resume's pages; OCR costs seconds per page
OCR_DPI = 200  # enough for 9 pt text; 300 doubles the time for no gain on resumes
PAGE_SECONDS = 20


def available():
    return settings.RESUME_OCR != "off" and bool(shutil.which("tesseract")) and bool(shutil.which("pdftoppm"))


def ocr_pdf(data, *, max_pages=OCR_MAX_PAGES):
    """Text of the first `max_pages` pages of a PDF, page by page, as Tesseract reads them."""
    with tempfile.TemporaryDirectory(prefix="jobly-ocr-") as folder:
        root = Path(folder)
        source = root / "input.pdf"
        source.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-f", "1", "-l", str(max_pages), str(source), str(root / "page")],
            check=True, capture_output=True, timeout=PAGE_SECONDS * max_pages,
        )
        pages = []
        for image in sorted(root.glob("page-*.png")):
            result = subprocess.run(
                ["tesseract", str(image), "stdout", "-l", settings.RESUME_OCR_LANGUAGES, "--psm", "3"],
                check=True, capture_output=True, timeout=PAGE_SECONDS,
            )
            pages.append(result.stdout.decode("utf-8", "replace"))
    return "\f".join(pages)

"""Resume payloads for profile tests: real files from tests/data/resumes and generated bad files."""

import csv
import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

DATA = Path(__file__).resolve().parents[2] / "data" / "resumes"

# Typst source that prints each line of the input as it is (no markup is interpreted:
# the text arrives through sys.inputs, never inside the source).
TYPST_LINES = """#set page(width: 18cm, height: auto, margin: 1cm)
#set text(size: 9pt)
#for line in sys.inputs.body.split("\\n") [#line \\ ]
"""


def resume_rows():
    with open(DATA / "resumes-sample.csv", encoding="utf-8", newline="") as handle:
        return {row["Category"]: row["Resume"] for row in csv.DictReader(handle)}


def render_pdf(text, *, paged=False):
    """Text as a PDF with a text layer; paged=True uses A6 pages instead of one tall page."""
    import typst

    source = TYPST_LINES.replace("height: auto", "height: 10cm") if paged else TYPST_LINES
    return typst.compile(source.encode(), sys_inputs={"body": text})


def render_docx(text):
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_pdf(text="Ada Lovelace\nSoftware Engineer at Analytical Engines, 1842 - Present"):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_pdf(text))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf():
    """A PDF page with no text layer, as a scanner produces (here: just a drawn rectangle)."""
    import typst

    return typst.compile(b"#set page(width: 10cm, height: 10cm)\n#rect(width: 5cm, height: 5cm, fill: gray)")


def wrong_startxref_pdf(text):
    """A two-page PDF whose `startxref` points at its own number instead of the cross-reference
    table: pdfminer.six gives up on it (PSEOF), pypdf finds the table by scanning and repairs it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_pdf(text, paged=True))))
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    wrong = str(match.start(1)).encode()
    assert len(wrong) == len(match.group(1))  # same width, so the offset still points at itself
    return data[: match.start(1)] + wrong + data[match.end(1):]


def scanned_pdf(text):
    """An image-only PDF, as a scanner makes: the rendered page as a picture, no text layer."""
    import typst

    with tempfile.TemporaryDirectory(prefix="jobly-scan-") as folder:
        root = Path(folder)
        (root / "page.pdf").write_bytes(render_pdf(text))
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(root / "page.pdf"), str(root / "page")], check=True)
        (root / "main.typ").write_bytes(b'#set page(width: 18cm, height: auto, margin: 0cm)\n#image("page.png", width: 100%)')
        return typst.compile(str(root / "main.typ"), root=str(root))


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bomb():
    """~100 KB archive whose word/document.xml declares ~100 MB (ratio far over 100:1)."""
    return zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", b"\0" * (100 * 1024 * 1024))])


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def alice_pdf():
    return (DATA / "Alice Clark CV.pdf").read_bytes()


@pytest.fixture
def alice_docx():
    return (DATA / "Alice Clark CV.docx").read_bytes()


@pytest.fixture
def alice_txt():
    return (DATA / "Alice Clark CV.txt").read_bytes()

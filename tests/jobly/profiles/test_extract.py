import io
import shutil

import pytest

from jobly.errors import PermanentError
from jobly.profiles.resume import extract
from jobly.profiles.resume.parse import parse_resume_text
from tests.jobly.profiles.conftest import (
    blank_pdf, encrypted_pdf, render_docx, render_pdf, resume_rows, scanned_pdf, wrong_startxref_pdf,
)

CATEGORIES = ["Java Developer", "Sales", "DevOps Engineer"]


def _words(text):
    return " ".join(text.split())


@pytest.mark.parametrize("category", CATEGORIES)
def test_text_rendered_to_pdf_comes_back(category):
    text = resume_rows()[category]
    extracted = extract.extract_text("pdf", render_pdf(text)).text
    # Typst may re-flow spaces; the words and their order come back.
    assert _words(extracted).replace(" ", "")[:2000] == _words(text).replace(" ", "")[:2000]


@pytest.mark.parametrize("category", CATEGORIES)
def test_text_rendered_to_docx_comes_back_line_for_line(category):
    text = resume_rows()[category]
    assert extract.extract_text("docx", render_docx(text)).text.split("\n") == text.split("\n")


@pytest.mark.parametrize("category", CATEGORIES)
def test_pdf_and_docx_renders_parse_like_the_plain_text(category):
    text = resume_rows()[category]
    plain = parse_resume_text(text)
    for kind, payload in (("pdf", render_pdf(text)), ("docx", render_docx(text))):
        draft = parse_resume_text(extract.extract_text(kind, payload).text)
        assert [(e["title"], e["company"]) for e in draft["experience"]] == [(e["title"], e["company"]) for e in plain["experience"]]
        assert {s["normalized"] for s in draft["skills"]} == {s["normalized"] for s in plain["skills"]}


def _error_code(kind, payload):
    with pytest.raises(PermanentError) as caught:
        extract.extract_text(kind, payload)
    return caught.value.code


def test_password_protected_pdf_is_pdf_encrypted():
    assert _error_code("pdf", encrypted_pdf()) == "pdf_encrypted"


def test_pdf_without_a_text_layer_asks_for_pasted_text():
    with pytest.raises(PermanentError) as caught:
        extract.extract_text("pdf", blank_pdf())
    assert caught.value.code == "pdf_no_text"
    assert "scanned image; paste the text instead" in caught.value.message


@pytest.mark.parametrize(
    "payload",
    [b"%PDF-1.4\nnot really a pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R /Prev 0 >>\n%%EOF"],
)
def test_corrupt_pdf_is_parse_error(payload):
    assert _error_code("pdf", payload) == "parse_error"


def test_truncated_real_pdf_is_parse_error_or_readable(alice_pdf):
    try:
        text = extract.extract_text("pdf", alice_pdf[: len(alice_pdf) // 3]).text
    except PermanentError as error:
        assert error.code in {"parse_error", "pdf_no_text"}
    else:
        assert text.strip()


def test_damaged_docx_is_parse_error():
    from tests.jobly.profiles.conftest import zip_bytes

    payload = zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<not-closed")])
    assert _error_code("docx", payload) == "parse_error"


def test_long_pdf_reads_only_the_first_pages(monkeypatch):
    monkeypatch.setattr(extract, "MAX_PAGES", 2)
    text = "\n".join(f"Page line {n}" for n in range(400))
    payload = render_pdf(text, paged=True)
    extracted = extract.extract_text("pdf", payload)
    assert "Page line 0" in extracted.text
    assert "Page line 399" not in extracted.text
    assert any("first 2 of" in note for note in extracted.notes)


def test_text_is_capped(monkeypatch):
    monkeypatch.setattr(extract, "MAX_CHARS", 100)
    extracted = extract.extract_text("text", b"x" * 1000)
    assert len(extracted.text) == 100
    assert extracted.notes


def test_whitespace_only_text_is_empty_text():
    assert _error_code("text", b"   \n\n  ") == "empty_text"


def test_cp1252_text_is_read():
    assert "Café" in extract.extract_text("text", "Café manager".encode("cp1252")).text


def test_extraction_past_its_deadline_is_parse_error():
    payload = render_pdf("\n".join(f"Line {n} of a long resume" for n in range(600)), paged=True)
    with pytest.raises(PermanentError) as caught, extract.parse_deadline(0.001):
        extract.extract_text("pdf", payload)
    assert caught.value.code == "parse_error"


def test_deadline_gives_back_the_alarm_and_handler_it_found():
    import signal

    handler_before = signal.getsignal(signal.SIGALRM)
    remaining_before = signal.getitimer(signal.ITIMER_REAL)[0]  # pytest-timeout's, or 0
    with extract.parse_deadline(5):
        extract.extract_text("text", b"Ada Lovelace")
    assert signal.getsignal(signal.SIGALRM) is handler_before
    remaining_after = signal.getitimer(signal.ITIMER_REAL)[0]
    assert (remaining_after == 0) == (remaining_before == 0)
    assert remaining_after <= remaining_before


SCANNED_CV = (
    "Grace Hopper\ngrace.hopper@example.com\nEXPERIENCE\nSenior Programmer, Eckert-Mauchly Computer Corporation\n"
    "Jan 1949 - Dec 1959\n- Wrote the first compiler for a computer\nEDUCATION\nYale University, PhD in Mathematics, 1934\n"
    "SKILLS\nCOBOL, FORTRAN, Compilers"
)


def test_pdf_with_a_wrong_startxref_is_repaired_by_the_second_reader():
    text = resume_rows()["DevOps Engineer"]
    payload = wrong_startxref_pdf(text)
    from pdfminer.high_level import extract_text as pdfminer_text
    with pytest.raises(Exception):  # the first reader really gives up on this file
        pdfminer_text(io.BytesIO(payload))
    extracted = extract.extract_text("pdf", payload)
    assert extracted.method == "pypdf"
    assert extracted.page_count >= 2
    assert _words(extracted.text).replace(" ", "")[:500] == _words(text).replace(" ", "")[:500]
    assert any("damaged" in note for note in extracted.notes)


def test_text_layer_pdf_is_read_by_pdfminer_with_its_page_count(alice_pdf):
    extracted = extract.extract_text("pdf", alice_pdf)
    assert (extracted.method, extracted.page_count) == ("pdfminer", 2)
    assert extracted.char_count == len(extracted.text) > 1000


@pytest.mark.skipif(not shutil.which("tesseract"), reason="Tesseract is not installed (apt-get install tesseract-ocr)")
def test_image_only_pdf_is_read_by_ocr_and_parses():
    extracted = extract.extract_text("pdf", scanned_pdf(SCANNED_CV))
    assert extracted.method == "ocr"
    assert any("OCR" in note for note in extracted.notes)
    draft = parse_resume_text(extracted.text)
    assert (draft["full_name"], draft["email"]) == ("Grace Hopper", "grace.hopper@example.com")
    assert draft["experience"][0]["start"] == "1949-01"
    assert "COBOL" in {skill["name"] for skill in draft["skills"]}


def test_image_only_pdf_without_ocr_is_pdf_no_text(settings):
    settings.RESUME_OCR = "off"
    with pytest.raises(PermanentError) as caught:
        extract.extract_text("pdf", scanned_pdf(SCANNED_CV))
    assert caught.value.code == "pdf_no_text"
    assert "scanned image; paste the text instead" in caught.value.message


def test_docx_and_text_record_how_they_were_read(alice_docx, alice_txt):
    assert extract.extract_text("docx", alice_docx).method == "docx"
    assert extract.extract_text("text", alice_txt).method == "text"
    assert extract.extract_text("markdown", b"# Ada\n\nEngineer").method == "markdown"
